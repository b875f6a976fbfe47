using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// Mutual TLS remoting with the cluster's own CA, on loopback: the cluster forms and runs a sweep; a
/// worker with a certificate from another CA, and a plain-TCP worker, cannot join it.
/// </summary>
public sealed class TlsRemotingTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-tls-").FullName;
    TlsOptions _cluster = null!, _stranger = null!;

    public Task InitializeAsync()
    {
        _cluster = TestCertificates.Make(Path.Combine(_dir, "cluster"));
        _stranger = TestCertificates.Make(Path.Combine(_dir, "stranger"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_tls_cluster_runs_a_sweep_and_neither_a_plain_worker_nor_one_from_another_ca_can_join()
    {
        await using var nodes = await InProcessNodes.Start(tls: _cluster);
        await nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(50)));
        await nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(50)), plain: true);
        await nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(50)), tls: _stranger);

        await Eventually.True(async () => (await nodes.Client.Cluster()).Slots.Count >= 1, TimeSpan.FromSeconds(60), "the TLS worker's slot");
        var created = await nodes.Client.Submit("name: tls\nfolds: 3\narchitectures: [seed-mlp-2]\n", "tls.yaml");
        var status = await Eventually.Get(async () => await nodes.Client.Status(created.Id) is { State: SweepState.Completed } s ? s : null,
            TimeSpan.FromSeconds(60), "the sweep over TLS to finish");
        Assert.Equal(3, status.Done);

        var cluster = await nodes.Client.Cluster();
        Assert.Equal(2, cluster.Members.Count); // the coordinator and the TLS worker, never the other two
        Assert.Single(cluster.Slots);
    }
}
