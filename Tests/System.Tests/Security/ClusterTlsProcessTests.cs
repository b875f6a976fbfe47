using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Security;

/// <summary>
/// Cluster security as an operator meets it, with real processes: certificates made by `crossfold
/// certs`, a TLS cluster that runs a sweep while peers without a certificate or with one from another
/// CA get nowhere, and nodes that refuse to listen off loopback without TLS unless told to.
/// </summary>
public sealed class ClusterTlsProcessTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-tls-procs-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Nodes_with_certificates_from_crossfold_certs_form_a_cluster_that_strangers_cannot_enter()
    {
        Assert.Equal(0, Crossfold("certs", "init", "--dir", "certs").ExitCode);
        Assert.Equal(0, Crossfold("certs", "issue", "node", "--dir", "certs").ExitCode);
        var again = Crossfold("certs", "init", "--dir", "certs");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a cluster CA", again.Output);
        var stranger = TestCertificates.Make(Path.Combine(_dir, "stranger"));
        string pfx = Path.Combine(_dir, "certs", "node.pfx"), ca = Path.Combine(_dir, "certs", "ca.crt");
        string[] tls = ["--tls-certificate", pfx, "--tls-ca", ca];

        using var cluster = new ProcessCluster(tls);
        cluster.StartWorker("member", 1, tls);
        cluster.StartWorker("stranger", 1, "--tls-certificate", stranger.CertificatePath, "--tls-ca", stranger.CaPath);
        await Eventually.True(async () => (await cluster.Client.Cluster()).Slots.Count == 1, TimeSpan.FromSeconds(60), "the member's slot", cluster.Logs);
        var created = await cluster.Client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml");

        // A remoting client without a certificate (plain TCP to the TLS port), and one whose certificate another CA signed: no answer.
        await using (var plain = RemotingAttacker.Start())
            Assert.Null(await RemotingAttacker.TryAsk(plain.Coordinator(cluster.AkkaPort), new ListSweeps(), TimeSpan.FromSeconds(5)));
        await using (var foreign = RemotingAttacker.Start(stranger))
            Assert.Null(await RemotingAttacker.TryAsk(foreign.Coordinator(cluster.AkkaPort, tls: true), new ListSweeps(), TimeSpan.FromSeconds(5)));

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: SweepState.Completed } s ? s : null,
            TimeSpan.FromMinutes(3), "the sweep to finish over TLS", cluster.Logs);
        Assert.Equal(status.Jobs, status.Done);
        var view = await cluster.Client.Cluster();
        Assert.Equal(2, view.Members.Count); // the coordinator and the member; the stranger never joined
        Assert.Contains("Refused a remoting connection", cluster.Coordinator.Output);
        Assert.Contains("is not signed by the cluster CA", cluster.Coordinator.Output);
    }

    [Fact]
    public async Task Off_loopback_without_tls_nodes_refuse_to_start_unless_the_operator_says_insecure()
    {
        var serve = Crossfold("serve", "--hostname", "0.0.0.0", "--port", TestPorts.Free().ToString(), "--http", $"http://127.0.0.1:{TestPorts.Free()}", "--data", "data");
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("--hostname 0.0.0.0", serve.Output);
        Assert.Contains("crossfold certs init", serve.Output);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")), "nothing is written by a node that refused to start");

        var worker = Run(RepoPaths.WorkerDll, "--hostname", "0.0.0.0", "--devices", "cpu", "--slots", "1");
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains("--insecure-cluster", worker.Output);

        using var insecure = NodeProcess.Start("insecure", RepoPaths.CoordinatorDll,
            ["serve", "--hostname", "0.0.0.0", "--port", TestPorts.Free().ToString(), "--http", $"http://127.0.0.1:{TestPorts.Free()}", "--data", "data", "--insecure-cluster"], _dir);
        await Eventually.True(() => Task.FromResult(insecure.Output.Contains("INSECURE CLUSTER")), TimeSpan.FromSeconds(30), "the loud warning",
            () => insecure.Output);
    }

    (int ExitCode, string Output) Crossfold(params string[] args) => Run(RepoPaths.CoordinatorDll, args);

    (int ExitCode, string Output) Run(string dll, params string[] args)
    {
        using var process = NodeProcess.Start(Path.GetFileName(dll), dll, args, _dir);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{dll} {string.Join(' ', args)} did not end:\n{process.Output}");
        return (process.ExitCode, process.Output);
    }
}
