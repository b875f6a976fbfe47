using System.CommandLine;
using Crossfold.Core;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;

namespace Crossfold.Tests.Security;

/// <summary>The cluster CA and node certificates: what chains to what, and the errors a misconfigured node gets at start.</summary>
public sealed class ClusterCertificateTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-certs-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_node_certificate_is_accepted_by_its_own_ca_only_and_only_while_valid()
    {
        using var ca = ClusterCertificates.CreateAuthority("a", TimeSpan.FromDays(30), DateTimeOffset.UtcNow.AddDays(-10));
        using var other = ClusterCertificates.CreateAuthority("a", TimeSpan.FromDays(30)); // same name, different key
        using var node = ClusterCertificates.Issue(ca, "node", ["10.0.0.7", "worker-1.example.org"], TimeSpan.FromDays(10));
        using var publicCa = ClusterCertificates.Load(ca); // the CA as nodes hold it: no private key

        Assert.True(ClusterCertificates.IsSignedBy(node, publicCa, out _));
        Assert.False(ClusterCertificates.IsSignedBy(node, other, out string problem));
        Assert.NotEmpty(problem);
        Assert.False(ClusterCertificates.IsSignedBy(ca, other, out _));

        using var expired = ClusterCertificates.Issue(ca, "old", [], TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(-3));
        Assert.False(ClusterCertificates.IsSignedBy(expired, publicCa, out _));
        // A node certificate cannot sign others: the CA allows no intermediate, and nodes are no CA.
        Assert.Throws<InputException>(() => ClusterCertificates.Issue(publicCa, "x", [], TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Written_files_load_back_keys_are_private_and_an_existing_ca_is_never_overwritten()
    {
        var tls = Make(_dir);
        ClusterTls.Check(tls);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, ClusterCertificates.CaKeyFile)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tls.CertificatePath));
        }
        using var ca = ClusterCertificates.LoadAuthority(_dir);
        Assert.True(ca.HasPrivateKey);
        var error = Assert.Throws<InputException>(() => ClusterCertificates.WriteAuthority(ca, _dir));
        Assert.Contains("already holds a cluster CA", error.Message);
    }

    [Fact]
    public void Tls_options_that_cannot_work_are_refused_with_a_message_naming_the_option()
    {
        var tls = Make(Path.Combine(_dir, "a"));
        var foreign = Make(Path.Combine(_dir, "b"));
        string garbage = Path.Combine(_dir, "garbage.pem");
        File.WriteAllText(garbage, "not a certificate");

        Assert.Contains("--tls-ca is not", Read("--tls-certificate", tls.CertificatePath));
        Assert.Contains("--tls-certificate is not", Read("--tls-ca", tls.CaPath));
        Assert.Contains("is not accepted by --tls-ca", Read("--tls-certificate", tls.CertificatePath, "--tls-ca", foreign.CaPath));
        Assert.Contains("not a PEM certificate", Read("--tls-certificate", tls.CertificatePath, "--tls-ca", garbage));
        Assert.Contains("not a CA", Read("--tls-certificate", tls.CertificatePath, "--tls-ca", WritePem(tls)));
        Assert.Contains("not a PKCS#12 file", Read("--tls-certificate", garbage, "--tls-ca", tls.CaPath));
        Assert.Contains("file not found", Read("--tls-certificate", Path.Combine(_dir, "nope.pfx"), "--tls-ca", tls.CaPath));
        Assert.Null(Record.Exception(() => Parse("--tls-certificate", tls.CertificatePath, "--tls-ca", tls.CaPath)));
    }

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("localhost", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("0.0.0.0", false, false)]
    [InlineData("10.1.2.3", false, false)]
    [InlineData("0.0.0.0", true, true)]
    public void Plain_tcp_off_loopback_needs_the_insecure_flag(string hostname, bool insecure, bool starts)
    {
        var options = new ClusterNodeOptions(hostname, 4053, null, ["127.0.0.1:4053"], null, insecure);
        var error = Record.Exception(() => options.CheckSecurity());
        Assert.Equal(starts, error is null);
        if (!starts) Assert.Contains("crossfold certs init", error!.Message);
        Assert.Equal(insecure, options.SecurityWarning is not null);
    }

    /// <summary>A CA and a node certificate in <paramref name="directory"/>, as `crossfold certs init` and `issue` make them.</summary>
    static TlsOptions Make(string directory)
    {
        using var ca = ClusterCertificates.CreateAuthority("test-ca", TimeSpan.FromDays(2));
        ClusterCertificates.WriteAuthority(ca, directory);
        using var node = ClusterCertificates.Issue(ca, "node", ["127.0.0.1"], TimeSpan.FromDays(1));
        string pfx = Path.Combine(directory, "node.pfx");
        ClusterCertificates.WriteNode(node, ca, pfx, null);
        return new TlsOptions(pfx, null, Path.Combine(directory, ClusterCertificates.CaCertificateFile));
    }

    string WritePem(TlsOptions tls)
    {
        using var node = ClusterCertificates.LoadNode(tls.CertificatePath, null);
        string path = Path.Combine(_dir, "node.pem");
        File.WriteAllText(path, node.ExportCertificatePem());
        return path;
    }

    static string Read(params string[] args) => Assert.Throws<InputException>(() => Parse(args)).Message;

    static TlsOptions? Parse(params string[] args)
    {
        var flags = TlsFlags.Create();
        var command = new RootCommand();
        flags.AddTo(command);
        return flags.Read(command.Parse(args));
    }
}
