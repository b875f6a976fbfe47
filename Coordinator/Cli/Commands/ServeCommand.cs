using System.CommandLine;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Data;
using Crossfold.Core;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;

namespace Crossfold.Cli;

/// <summary>`crossfold serve`: run a coordinator node (cluster singleton host, HTTP API, web page).</summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var http = EnvOption.Create("--http", "CROSSFOLD_HTTP", "URL of the HTTP API and web page: one http://HOST:PORT; anything but loopback needs a token", v => v, "http://127.0.0.1:5080");
        var hostname = EnvOption.Create("--hostname", "CROSSFOLD_HOSTNAME",
            "Interface Akka remoting listens on (0.0.0.0 for every interface, which needs TLS or --insecure-cluster)", v => v, ClusterNodeOptions.DefaultHostname);
        var port = EnvOption.Create("--port", "CROSSFOLD_PORT", "Akka remoting port", EnvOption.Int, ClusterNodeOptions.DefaultCoordinatorPort);
        var publicHostname = EnvOption.Create<string?>("--public-hostname", "CROSSFOLD_PUBLIC_HOSTNAME",
            "Name other machines reach this node at [default: this machine's host name, or --hostname when it is not 0.0.0.0]", v => v, null);
        var publicPort = EnvOption.Create<int?>("--public-port", "CROSSFOLD_PUBLIC_PORT",
            "Port other machines reach this node's remoting at, when NAT, a container or a proxy maps another one to --port [default: --port]",
            v => EnvOption.Int(v), null);
        var seeds = EnvOption.Create<string?>("--seeds", "CROSSFOLD_SEEDS", "Seed nodes host:port,... [default: this node itself, forming a new cluster]", v => v, null);
        var data = EnvOption.Create("--data", "CROSSFOLD_DATA", "Directory of the SQLite database", v => v, "crossfold-data");
        var postgres = EnvOption.Create<string?>("--postgres", "CROSSFOLD_POSTGRES", "PostgreSQL connection string (instead of SQLite)", v => v, null);
        var token = EnvOption.Create<string?>("--token", "CROSSFOLD_API_TOKEN", "Bearer token the API requires (mandatory when --http is not loopback)", v => v, null);
        var tokenFile = EnvOption.Create<string?>("--token-file", "CROSSFOLD_API_TOKEN_FILE", "File holding the bearer token (e.g. a mounted Kubernetes secret)", v => v, null);
        var maxBody = EnvOption.Create("--max-body-bytes", "CROSSFOLD_MAX_BODY_BYTES", "Largest sweep file accepted over HTTP", EnvOption.Long, ServeOptions.DefaultMaxBodyBytes);
        var lease = EnvOption.Create("--lease-seconds", "CROSSFOLD_LEASE_SECONDS", "A running job whose worker is silent this long goes back to the queue", EnvOption.Int, 60);
        var retries = EnvOption.Create("--max-retries", "CROSSFOLD_MAX_RETRIES", "Times a job that ended without a result is retried before it is recorded as failed", EnvOption.Int, 3);
        var datasetsRoot = EnvOption.Create<string?>("--datasets-root", "CROSSFOLD_DATASETS_ROOT",
            "Directory submitted sweeps may read datasets from (symbolic links followed); their relative paths resolve against it [default: <--data>/datasets]", v => v, null);
        var maxDatasetBytes = EnvOption.Create("--max-dataset-bytes", "CROSSFOLD_MAX_DATASET_BYTES", "Largest dataset file a submitted sweep may name, on disk and decompressed", EnvOption.Long, IntakeOptions.DefaultMaxDatasetBytes);
        var datasetCacheBytes = EnvOption.Create("--dataset-cache-bytes", "CROSSFOLD_DATASET_CACHE_BYTES", "Memory for datasets kept between submissions (least recently used go first)", EnvOption.Long, DatasetCache.DefaultCapacityBytes);
        var maxActive = EnvOption.Create("--max-active-sweeps", "CROSSFOLD_MAX_ACTIVE_SWEEPS", "Sweeps running at once; more submissions get 409", EnvOption.Int, SchedulerOptions.DefaultMaxActiveSweeps);
        var maxJobs = EnvOption.Create("--max-jobs-per-sweep", "CROSSFOLD_MAX_JOBS_PER_SWEEP", "Jobs (trials x repeats x folds) a submitted sweep may have", EnvOption.Int, Crossfold.Core.Sweeps.SweepPlan.DefaultMaxJobs);
        var maxEpochs = EnvOption.Create("--max-epochs", "CROSSFOLD_MAX_EPOCHS", "Epochs a trial of a submitted sweep may train", EnvOption.Int, IntakeOptions.DefaultMaxEpochs);
        var datasetStore = EnvOption.Create<string?>("--dataset-store", "CROSSFOLD_DATASET_STORE",
            "Directory of uploaded dataset files, by SHA-256; every coordinator node must see the same one [default: <--data>/dataset-store]", v => v, null);
        var maxUpload = EnvOption.Create("--max-dataset-upload-bytes", "CROSSFOLD_MAX_DATASET_UPLOAD_BYTES", "Largest dataset file one upload may bring",
            EnvOption.Long, ServeOptions.DefaultMaxDatasetUploadBytes);
        var maxStore = EnvOption.Create("--max-dataset-store-bytes", "CROSSFOLD_MAX_DATASET_STORE_BYTES",
            "Most bytes the dataset store may hold in all; an upload that does not fit gets 507", EnvOption.Long, ServeOptions.DefaultMaxDatasetStoreBytes);
        var publicHttp = EnvOption.Create<string?>("--public-http", "CROSSFOLD_PUBLIC_HTTP",
            "URL workers download dataset files from [default: --http, with 0.0.0.0 replaced by --public-hostname]", v => v, null);
        var logs = NodeLogFlags.Create();
        var tls = TlsFlags.Create();

        var command = new Command("serve", "Run a coordinator node: hosts the sweep coordinator, the HTTP API and the web page.")
        {
            http, hostname, port, publicHostname, publicPort, seeds, data, postgres, token, tokenFile, maxBody, lease, retries,
            datasetsRoot, maxDatasetBytes, datasetCacheBytes, maxActive, maxJobs, maxEpochs, datasetStore, maxUpload, maxStore, publicHttp,
        };
        logs.AddTo(command);
        tls.AddTo(command);
        command.SetAction(async result =>
        {
            try
            {
                string host = result.GetValue(hostname)!;
                int remotingPort = result.GetValue(port);
                string advertised = ClusterNodeOptions.Advertised(host, result.GetValue(publicHostname));
                int? advertisedPort = ClusterNodeOptions.CheckedPublicPort(result.GetValue(publicPort), remotingPort);
                // A lone coordinator is its own seed, at the address it advertises (which is what it calls itself).
                var seedList = (result.GetValue(seeds) ?? $"{advertised}:{advertisedPort ?? remotingPort}")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                string? apiToken = result.GetValue(tokenFile) is string file ? TokenFile.Read(file) : result.GetValue(token);
                if (result.GetValue(retries) < 0) throw new InputException("--max-retries must be 0 or more");
                if (result.GetValue(lease) < 1) throw new InputException("--lease-seconds must be at least 1");
                if (result.GetValue(maxActive) < 1) throw new InputException("--max-active-sweeps must be at least 1");
                if (result.GetValue(maxUpload) < 1) throw new InputException("--max-dataset-upload-bytes must be at least 1");
                if (result.GetValue(maxStore) < 1) throw new InputException("--max-dataset-store-bytes must be at least 1");
                if (result.GetValue(publicHttp) is string given && !(Uri.TryCreate(given, UriKind.Absolute, out var reach) && reach.Scheme is "http" or "https"))
                    throw new InputException($"--public-http {given}: expected the URL workers reach this node's API at, such as http://coord.example.org:5080");
                var logOptions = logs.Read(result);
                // Every option is checked before the datasets root is created: a refused start writes nothing.
                var cluster = new ClusterNodeOptions(host, remotingPort, advertised, seedList, tls.Read(result), tls.Insecure(result), advertisedPort);
                cluster.CheckSecurity();
                HttpAddress.Parse(result.GetValue(http)!);
                var intake = Intake(result.GetValue(data)!, result.GetValue(datasetsRoot), result.GetValue(maxDatasetBytes),
                    result.GetValue(maxJobs), result.GetValue(maxEpochs), result.GetValue(datasetCacheBytes));
                var options = new ServeOptions(result.GetValue(http)!,
                    cluster, result.GetValue(data)!, result.GetValue(postgres), apiToken, result.GetValue(maxBody),
                    new SchedulerOptions(TimeSpan.FromSeconds(result.GetValue(lease)), result.GetValue(retries), result.GetValue(maxActive)), intake,
                    result.GetValue(datasetStore), result.GetValue(maxUpload), result.GetValue(publicHttp), logOptions, result.GetValue(maxStore));
                if (options.Cluster.SecurityWarning is string warning) System.Console.Error.WriteLine($"WARNING: {warning}");
                await using var app = CoordinatorServer.Build(options);
                System.Console.WriteLine($"crossfold serve: API on {options.Http}, Akka remoting on {advertised}:{cluster.AdvertisedPort}" +
                    $"{(cluster.PublicPort is null ? "" : $" (bound to {host}:{remotingPort})")}, " +
                    $"state in {(options.Postgres is null ? Path.GetFullPath(Path.Combine(options.DataDirectory, "crossfold.db")) : "PostgreSQL")}, " +
                    $"uploaded datasets in {Path.GetFullPath(options.DatasetStoreDirectory)} (workers download them from {options.WorkerFacingHttp}), " +
                    $"datasets named by path under {Path.GetFullPath(intake.DatasetsRoot)}");
                await app.RunAsync();
                return ExitCodes.Ok;
            }
            catch (InputException e)
            {
                System.Console.Error.WriteLine(e.Message);
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>The intake rules; the default datasets root is created where it can be, a root the operator named must exist.</summary>
    static IntakeOptions Intake(string data, string? root, long maxDatasetBytes, int maxJobs, int maxEpochs, long cacheBytes)
    {
        if (root is null)
        {
            root = IntakeOptions.DefaultDatasetsRoot(data);
            // With --postgres the data directory may sit on a read-only file system; submitted sweeps then
            // get "the datasets root does not exist" for files, and the embedded dataset still works.
            try { Directory.CreateDirectory(root); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        else if (!Directory.Exists(root)) throw new InputException($"--datasets-root {root}: no such directory");
        return new IntakeOptions(root, maxDatasetBytes, maxJobs, maxEpochs, cacheBytes).Checked();
    }
}
