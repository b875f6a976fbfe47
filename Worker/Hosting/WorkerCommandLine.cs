using System.CommandLine;
using Crossfold.Shared;
using Crossfold.Shared.Cluster;
using Crossfold.Worker.Slots;
using Microsoft.Extensions.Hosting;

namespace Crossfold.Worker.Hosting;

/// <summary>The `crossfold-worker` command line; every option can also come from a CROSSFOLD_* environment variable.</summary>
public static class WorkerCommandLine
{
    static Option<T> Env<T>(string name, string variable, string description, Func<string, T> parse, T fallback)
    {
        return new Option<T>(name)
        {
            Description = $"{description} [env {variable}]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? parse(v) : fallback,
        };
    }

    public static RootCommand Build()
    {
        var coordinator = Env("--coordinator", "CROSSFOLD_COORDINATOR", "Coordinator address(es) to join, host:port[,host:port] (the cluster's seed nodes)",
            v => v, "127.0.0.1:4053");
        var hostname = Env("--hostname", "CROSSFOLD_HOSTNAME", "Interface to listen on for Akka remoting", v => v, "0.0.0.0");
        var port = Env("--port", "CROSSFOLD_PORT", "Akka remoting port (0 = any free port)", int.Parse, 0);
        var publicHostname = Env<string?>("--public-hostname", "CROSSFOLD_PUBLIC_HOSTNAME",
            "Name other machines reach this worker at (NAT, containers) [default: this machine's host name]", v => v, null);
        var devices = Env("--devices", "CROSSFOLD_DEVICES", "cpu, auto (GPUs if any, else CPU), all (every GPU) or a list such as cuda:0,cuda:2", v => v, "auto");
        var slots = Env<int?>("--slots", "CROSSFOLD_SLOTS", "CPU slots [default: one per core]", v => int.Parse(v), null);
        var threads = Env<int?>("--threads", "CROSSFOLD_THREADS", "CPU threads per slot [default: 1, identical metrics on every machine]", v => int.Parse(v), null);
        var grace = Env("--grace", "CROSSFOLD_GRACE_SECONDS", "Seconds a running job may take to finish after SIGTERM before it is handed back", int.Parse, 60);
        var healthFile = Env<string?>("--health-file", "CROSSFOLD_HEALTH_FILE",
            "Keep a file saying 'joining|up|leaving UNIX-SECONDS', refreshed every 10 s, for liveness and readiness probes", v => v, null);
        var tlsCert = Env<string?>("--tls-certificate", "CROSSFOLD_TLS_CERTIFICATE", "PKCS#12 certificate for TLS remoting (all nodes must use TLS)", v => v, null);
        var tlsPassword = Env<string?>("--tls-password", "CROSSFOLD_TLS_PASSWORD", "Password of the TLS certificate", v => v, null);
        var tlsValidate = Env("--tls-validate-peers", "CROSSFOLD_TLS_VALIDATE_PEERS", "Check peers' certificates against trusted roots", bool.Parse, true);

        var root = new RootCommand("Crossfold worker: joins a Crossfold cluster and trains the folds the coordinator hands out, one per slot.")
        {
            coordinator, hostname, port, publicHostname, devices, slots, threads, grace, healthFile, tlsCert, tlsPassword, tlsValidate,
        };
        root.SetAction(async result =>
        {
            try
            {
                string host = result.GetValue(hostname)!;
                string? advertised = result.GetValue(publicHostname);
                if (string.IsNullOrWhiteSpace(advertised)) advertised = host == "0.0.0.0" ? System.Net.Dns.GetHostName() : host;
                var tls = result.GetValue(tlsCert) is string cert ? new TlsOptions(cert, result.GetValue(tlsPassword), result.GetValue(tlsValidate)) : null;
                if (tls is not null && !File.Exists(tls.CertificatePath)) throw new InputException($"--tls-certificate {tls.CertificatePath}: file not found");
                var cluster = new ClusterNodeOptions(host, result.GetValue(port), advertised,
                    result.GetValue(coordinator)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), tls);
                var options = new WorkerOptions(cluster, result.GetValue(devices)!, result.GetValue(slots), result.GetValue(threads),
                    TimeSpan.FromSeconds(result.GetValue(grace)), result.GetValue(healthFile));
                var plan = SlotPlan.Create(options.Devices, options.Slots, options.Threads, note => Console.Error.WriteLine($"note: {note}"));
                Console.WriteLine($"crossfold-worker: {plan.Count} slot(s) on {string.Join(", ", plan.Select(s => s.DeviceName).Distinct())}, joining {string.Join(", ", cluster.Seeds)}");
                await WorkerNode.Run(options, plan);
                return 0;
            }
            catch (InputException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return root;
    }
}
