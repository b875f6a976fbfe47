using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crossfold.Shared.Cluster;
using Crossfold.Shared.Protocol;

namespace Crossfold.Tests.Cluster;

/// <summary>Akka remoting over TLS on loopback, with a self-signed certificate made here: the cluster forms and runs a sweep; a plain-TCP worker cannot join it.</summary>
public sealed class TlsRemotingTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-tls-").FullName;
    string _certificate = "";
    const string Password = "test-only";

    public Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=crossfold-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _certificate = Path.Combine(_dir, "node.pfx");
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pkcs12, Password));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_tls_cluster_runs_a_sweep_and_a_plain_tcp_worker_cannot_join()
    {
        // Self-signed: peers are not checked against trusted roots here; production uses --tls-validate-peers with a CA.
        await using var nodes = await InProcessNodes.Start(tls: new TlsOptions(_certificate, Password, ValidatePeers: false));
        await nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(50)));
        await nodes.AddWorker(1, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(50)), tls: false);

        await Eventually.True(async () => (await nodes.Client.Cluster()).Slots.Count >= 1, TimeSpan.FromSeconds(60), "the TLS worker's slot");
        var created = await nodes.Client.Submit("name: tls\nfolds: 3\narchitectures: [seed-mlp-2]\n", "tls.yaml");
        var status = await Eventually.Get(async () => await nodes.Client.Status(created.Id) is { State: SweepState.Completed } s ? s : null,
            TimeSpan.FromSeconds(60), "the sweep over TLS to finish");
        Assert.Equal(3, status.Done);

        var cluster = await nodes.Client.Cluster();
        Assert.Equal(2, cluster.Members.Count); // the coordinator and the TLS worker, never the plain one
        Assert.Single(cluster.Slots);
    }
}
