using System.CommandLine;
using Crossfold.Core;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Protocol.CommandLine;

/// <summary>The cluster security options, the same for `crossfold serve` and `crossfold-worker`.</summary>
public sealed class TlsFlags
{
    Option<string?> _certificate = null!;
    Option<string?> _password = null!;
    Option<string?> _ca = null!;
    Option<bool> _insecure = null!;

    public static TlsFlags Create() => new()
    {
        _certificate = EnvOption.Create<string?>("--tls-certificate", "CROSSFOLD_TLS_CERTIFICATE",
            "This node's certificate and key (PKCS#12, from `crossfold certs issue`) for mutual TLS remoting", v => v, null),
        _password = EnvOption.Create<string?>("--tls-password", "CROSSFOLD_TLS_PASSWORD", "Password of the PKCS#12 file, if it has one", v => v, null),
        _ca = EnvOption.Create<string?>("--tls-ca", "CROSSFOLD_TLS_CA",
            "The cluster CA certificate (PEM, from `crossfold certs init`): only nodes whose certificate it signed may connect", v => v, null),
        _insecure = EnvOption.Create("--insecure-cluster", "CROSSFOLD_INSECURE_CLUSTER",
            "Allow plain TCP remoting on an interface other machines can reach (anyone who reaches the port can then join the cluster)", EnvOption.Bool, false),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_certificate);
        command.Options.Add(_password);
        command.Options.Add(_ca);
        command.Options.Add(_insecure);
    }

    /// <summary>Whether the operator asked for plain TCP off loopback.</summary>
    public bool Insecure(ParseResult result) => result.GetValue(_insecure);

    /// <summary>The TLS settings, checked now (files readable, the node certificate signed by the CA), or null for plain TCP.</summary>
    public TlsOptions? Read(ParseResult result)
    {
        string? certificate = result.GetValue(_certificate), ca = result.GetValue(_ca);
        if (certificate is null && ca is null) return null;
        if (certificate is null) throw new InputException("--tls-ca is set but --tls-certificate is not: every node needs its own certificate too (`crossfold certs issue NAME`)");
        if (ca is null) throw new InputException("--tls-certificate is set but --tls-ca is not: give the cluster CA certificate (ca.crt from `crossfold certs init`), which every peer must be signed by");
        var tls = new TlsOptions(certificate, result.GetValue(_password), ca);
        ClusterTls.Check(tls);
        return tls;
    }
}
