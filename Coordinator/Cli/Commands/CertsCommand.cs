using System.CommandLine;
using Crossfold.Core;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Cli;

/// <summary>`crossfold certs init|issue`: the cluster's CA and the node certificates that let machines join it.</summary>
public static class CertsCommand
{
    public static Command Build()
    {
        var command = new Command("certs", "Create the cluster's certificate authority and node certificates for mutual TLS remoting.");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Issue());
        return command;
    }

    static Option<string> Directory() => new("--dir") { Description = "Directory of the cluster CA (ca.crt, ca.key) and the node certificates", DefaultValueFactory = _ => "certs" };

    static Command Init()
    {
        var dir = Directory();
        var name = new Option<string>("--name") { Description = "The CA's common name", DefaultValueFactory = _ => "crossfold-cluster" };
        var years = new Option<int>("--years") { Description = "How long the CA is valid", DefaultValueFactory = _ => 10 };
        var command = new Command("init", "Create the cluster CA: DIR/ca.crt (give it to every node) and DIR/ca.key (keep it private; it signs node certificates).")
        {
            dir, name, years,
        };
        command.SetAction(result => Handle(() =>
        {
            string directory = result.GetValue(dir)!;
            if (result.GetValue(years) is < 1 or > 100) throw new InputException("--years must be between 1 and 100");
            using var ca = ClusterCertificates.CreateAuthority(result.GetValue(name)!, TimeSpan.FromDays(365.25 * result.GetValue(years)));
            ClusterCertificates.WriteAuthority(ca, directory);
            System.Console.WriteLine($"Cluster CA written: {Path.Combine(directory, ClusterCertificates.CaCertificateFile)} (for every node) and " +
                $"{Path.Combine(directory, ClusterCertificates.CaKeyFile)} (private; only `crossfold certs issue` needs it).");
            System.Console.WriteLine($"Next: crossfold certs issue node --dir {directory}");
        }));
        return command;
    }

    static Command Issue()
    {
        var nodeName = new Argument<string>("name") { Description = "The certificate's name, e.g. node (one shared by every node) or a machine's host name" };
        var dir = Directory();
        var hosts = new Option<string[]>("--host") { Description = "Extra host names or IP addresses to list in the certificate (informational: peers are checked against the CA, not by name)", AllowMultipleArgumentsPerToken = true };
        var days = new Option<int>("--days") { Description = "How long the certificate is valid (never past the CA)", DefaultValueFactory = _ => 825 };
        var password = new Option<string?>("--password") { Description = "Protect the .pfx with this password (nodes then need --tls-password) [default: none; the file is readable by its owner only]" };
        var command = new Command("issue", "Issue a node certificate signed by the cluster CA: DIR/NAME.pfx, for --tls-certificate.")
        {
            nodeName, dir, hosts, days, password,
        };
        command.SetAction(result => Handle(() =>
        {
            string name = result.GetValue(nodeName)!, directory = result.GetValue(dir)!;
            if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_'))
                throw new InputException($"certificate name '{name}': use letters, digits, '-', '.' and '_' (it becomes the file name {name}.pfx)");
            if (result.GetValue(days) is < 1 or > 3650) throw new InputException("--days must be between 1 and 3650");
            using var ca = ClusterCertificates.LoadAuthority(directory);
            using var node = ClusterCertificates.Issue(ca, name, result.GetValue(hosts) ?? [], TimeSpan.FromDays(result.GetValue(days)));
            string path = Path.Combine(directory, $"{name}.pfx");
            ClusterCertificates.WriteNode(node, ca, path, result.GetValue(password));
            System.Console.WriteLine($"Node certificate written: {path} (valid until {node.NotAfter:yyyy-MM-dd}).");
            System.Console.WriteLine($"Start nodes with: --tls-certificate {path} --tls-ca {Path.Combine(directory, ClusterCertificates.CaCertificateFile)}");
        }));
        return command;
    }

    static int Handle(Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (InputException e)
        {
            System.Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }
}
