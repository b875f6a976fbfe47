using System.CommandLine;
using Crossfold.Core;
using Crossfold.Core.Training;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;
using Crossfold.Torch.Training;
using Crossfold.Worker.Slots;
using Microsoft.Extensions.Hosting;

namespace Crossfold.Worker.Hosting;

/// <summary>The `crossfold-worker` command line; every option can also come from a CROSSFOLD_* environment variable.</summary>
public static class WorkerCommandLine
{
    public static RootCommand Build()
    {
        var coordinator = EnvOption.Create("--coordinator", "CROSSFOLD_COORDINATOR", "Coordinator address(es) to join, host:port[,host:port] (the cluster's seed nodes)",
            v => v, "127.0.0.1:4053");
        var hostname = EnvOption.Create("--hostname", "CROSSFOLD_HOSTNAME",
            "Interface to listen on for Akka remoting (0.0.0.0 for every interface, which needs TLS or --insecure-cluster)", v => v, ClusterNodeOptions.DefaultHostname);
        var port = EnvOption.Create("--port", "CROSSFOLD_PORT", "Akka remoting port (0 = any free port)", EnvOption.Int, 0);
        var publicHostname = EnvOption.Create<string?>("--public-hostname", "CROSSFOLD_PUBLIC_HOSTNAME",
            "Name other machines reach this worker at (NAT, containers) [default: this machine's host name]", v => v, null);
        var publicPort = EnvOption.Create<int?>("--public-port", "CROSSFOLD_PUBLIC_PORT",
            "Port other machines reach this worker's remoting at, when NAT, a container or a proxy maps another one to --port [default: --port]",
            v => EnvOption.Int(v), null);
        var devices = EnvOption.Create("--devices", "CROSSFOLD_DEVICES", "cpu, auto (GPUs if any, else CPU), all (every GPU) or a list such as cuda:0,cuda:2", v => v, "auto");
        var slots = EnvOption.Create<int?>("--slots", "CROSSFOLD_SLOTS", "CPU slots [default: one per core]", v => EnvOption.Int(v), null).AtLeast(1);
        var threads = EnvOption.Create<int?>("--threads", "CROSSFOLD_THREADS", "CPU threads per slot [default: 1, identical metrics on every machine]", v => EnvOption.Int(v), null).AtLeast(1);
        var cpuIsa = EnvOption.Create<string?>("--cpu-isa", "CROSSFOLD_CPU_ISA",
            $"Hold libtorch's CPU kernels to one instruction set ({string.Join(", ", CpuIsa.Names)}), so a cluster of mixed CPUs computes alike [default: the machine's newest]",
            v => CpuIsa.Parse(v), null);
        var grace = EnvOption.Create("--grace", "CROSSFOLD_GRACE_SECONDS", "Seconds a running job may take to finish after SIGTERM before it is handed back", EnvOption.Int, 60);
        var healthFile = EnvOption.Create<string?>("--health-file", "CROSSFOLD_HEALTH_FILE",
            "Keep a file saying 'joining|up|leaving UNIX-SECONDS', refreshed every 10 s, for liveness and readiness probes", v => v, null);
        var slotsPerGpu = EnvOption.Create("--slots-per-gpu", "CROSSFOLD_SLOTS_PER_GPU",
            "Slots sharing each GPU, for small models that leave a GPU mostly idle (each needs 1 GiB free; fewer when the GPU has less)", EnvOption.Int, 1);
        var cache = EnvOption.Create<string?>("--cache", "CROSSFOLD_CACHE",
            "Directory of dataset files downloaded from the coordinator [default: $XDG_CACHE_HOME/crossfold/datasets or ~/.cache/crossfold/datasets]", v => v, null);
        var cacheBytes = EnvOption.Create("--cache-bytes", "CROSSFOLD_CACHE_BYTES", "Most bytes of dataset files kept in --cache (least recently used go first)",
            EnvOption.Long, Crossfold.Worker.Datasets.DatasetDownloads.DefaultCapacityBytes);
        var tokenFile = EnvOption.Create<string?>("--token-file", "CROSSFOLD_API_TOKEN_FILE",
            "File holding the coordinator's API token, for downloading dataset files (when the coordinator has a token)", v => v, null);
        var logs = NodeLogFlags.Create();
        var tls = TlsFlags.Create();

        var root = new RootCommand("Crossfold worker: joins a Crossfold cluster and trains the folds the coordinator hands out, one per slot.")
        {
            coordinator, hostname, port, publicHostname, publicPort, devices, slots, threads, cpuIsa, slotsPerGpu, grace, healthFile, cache, cacheBytes, tokenFile,
        };
        logs.AddTo(root);
        tls.AddTo(root);
        root.SetAction(async result =>
        {
            try
            {
                string host = result.GetValue(hostname)!;
                string advertised = ClusterNodeOptions.Advertised(host, result.GetValue(publicHostname));
                var cluster = new ClusterNodeOptions(host, result.GetValue(port), advertised,
                    result.GetValue(coordinator)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), tls.Read(result), tls.Insecure(result),
                    ClusterNodeOptions.CheckedPublicPort(result.GetValue(publicPort), result.GetValue(port)));
                cluster.CheckSecurity();
                if (cluster.SecurityWarning is string warning) Console.Error.WriteLine($"WARNING: {warning}");
                if (result.GetValue(cacheBytes) < 1) throw new InputException("--cache-bytes must be at least 1");
                CpuIsaPin.Apply(result.GetValue(cpuIsa) is string isa ? CpuIsa.Parse(isa) : null); // before SlotPlan, which is the first to load libtorch
                var options = new WorkerOptions(cluster, result.GetValue(devices)!, result.GetValue(slots), result.GetValue(threads),
                    TimeSpan.FromSeconds(result.GetValue(grace)), result.GetValue(healthFile), result.GetValue(cache), result.GetValue(cacheBytes),
                    result.GetValue(tokenFile) is string file ? TokenFile.Read(file) : null, logs.Read(result), result.GetValue(slotsPerGpu));
                var plan = SlotPlan.Create(options.Devices, options.Slots, options.Threads, note => Console.Error.WriteLine($"note: {note}"), options.SlotsPerGpu);
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
