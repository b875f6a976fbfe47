using Crossfold.Protocol.Cluster;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>A cluster CA and a node certificate, made the way `crossfold certs` makes them.</summary>
public static class TestCertificates
{
    public static TlsOptions Make(string directory)
    {
        using var ca = ClusterCertificates.CreateAuthority("test-ca", TimeSpan.FromDays(2));
        ClusterCertificates.WriteAuthority(ca, directory);
        using var node = ClusterCertificates.Issue(ca, "node", ["127.0.0.1"], TimeSpan.FromDays(1));
        string pfx = Path.Combine(directory, "node.pfx");
        ClusterCertificates.WriteNode(node, ca, pfx, null);
        return new TlsOptions(pfx, null, Path.Combine(directory, ClusterCertificates.CaCertificateFile));
    }
}
