using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Crossfold.Core;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// Mutual TLS for Akka remoting with the cluster's own CA: every connection, inbound or outbound, is
/// accepted only when the peer presents a certificate that chains to the pinned CA. Host names are
/// not checked (nodes share one certificate, or connect by pod IP); the CA is what identifies a member.
/// </summary>
public static class ClusterTls
{
    /// <summary>Loads both files and checks the node's certificate is signed by the CA, so a misconfigured node says so at start.</summary>
    public static void Check(TlsOptions tls)
    {
        using var node = ClusterCertificates.LoadNode(tls.CertificatePath, tls.CertificatePassword);
        using var ca = ClusterCertificates.LoadCaCertificate(tls.CaPath);
        if (!ClusterCertificates.IsSignedBy(node, ca, out string problem))
            throw new InputException($"--tls-certificate {tls.CertificatePath} is not accepted by --tls-ca {tls.CaPath}: {problem}. Issue node certificates with `crossfold certs issue` from the same CA");
    }

    /// <summary>This node's certificate (with its key) for the TLS handshake.</summary>
    public static X509Certificate2 NodeCertificate(TlsOptions tls) => ClusterCertificates.LoadNode(tls.CertificatePath, tls.CertificatePassword);

    /// <summary>The check Akka runs on every peer's certificate: signed by the pinned CA, nothing else.</summary>
    public static CertificateValidationCallback Validator(TlsOptions tls)
    {
        var ca = ClusterCertificates.LoadCaCertificate(tls.CaPath);
        return (certificate, _, peer, _, log) =>
        {
            if (certificate is null)
            {
                log?.Warning("Refused a remoting connection from {0}: it presented no certificate (the cluster requires mutual TLS)", peer);
                return false;
            }
            if (ClusterCertificates.IsSignedBy(certificate, ca, out string problem)) return true;
            log?.Warning("Refused a remoting connection from {0}: its certificate {1} is not signed by the cluster CA ({2})", peer, certificate.Subject, problem);
            return false;
        };
    }
}
