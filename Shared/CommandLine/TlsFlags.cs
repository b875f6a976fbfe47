using System.CommandLine;
using Crossfold.Shared.Cluster;

namespace Crossfold.Shared.CommandLine;

/// <summary>The TLS options for Akka remoting, the same for `crossfold serve` and `crossfold-worker`.</summary>
public sealed class TlsFlags
{
    Option<string?> _certificate = null!;
    Option<string?> _password = null!;
    Option<bool> _validate = null!;

    public static TlsFlags Create() => new()
    {
        _certificate = EnvOption.Create<string?>("--tls-certificate", "CROSSFOLD_TLS_CERTIFICATE", "PKCS#12 certificate for TLS remoting (every node must use TLS)", v => v, null),
        _password = EnvOption.Create<string?>("--tls-password", "CROSSFOLD_TLS_PASSWORD", "Password of the TLS certificate", v => v, null),
        _validate = EnvOption.Create("--tls-validate-peers", "CROSSFOLD_TLS_VALIDATE_PEERS", "Check peers' certificates against the trusted roots", EnvOption.Bool, true),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_certificate);
        command.Options.Add(_password);
        command.Options.Add(_validate);
    }

    public TlsOptions? Read(ParseResult result)
    {
        if (result.GetValue(_certificate) is not string path) return null;
        if (!File.Exists(path)) throw new InputException($"--tls-certificate {path}: file not found");
        return new TlsOptions(path, result.GetValue(_password), result.GetValue(_validate));
    }
}
