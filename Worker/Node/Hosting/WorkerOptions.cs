using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;

namespace Crossfold.Worker.Hosting;

/// <summary>Everything a worker process is started with (from flags or CROSSFOLD_* environment variables).</summary>
/// <param name="Cluster">How to join the cluster.</param>
/// <param name="Devices">cpu, auto, all, or cuda:N,… (see <see cref="Slots.SlotPlan"/>).</param>
/// <param name="Slots">CPU slots; null = one per core.</param>
/// <param name="Threads">CPU threads per slot; null = 1.</param>
/// <param name="Grace">On SIGTERM, how long a running job may take to finish before it is handed back.</param>
/// <param name="HealthFile">Where to keep the <see cref="Hosting.HealthFile"/> for probes, or null for none.</param>
/// <param name="Cache">The directory of downloaded dataset files; null: <see cref="DefaultCache"/>.</param>
/// <param name="CacheBytes">The most bytes of dataset files kept there.</param>
/// <param name="Token">The coordinator's API token (from --token-file), sent with dataset downloads; null when it has none.</param>
/// <param name="Logs">How the node logs.</param>
/// <param name="SlotsPerGpu">Slots sharing each GPU.</param>
public sealed record WorkerOptions(ClusterNodeOptions Cluster, string Devices, int? Slots, int? Threads, TimeSpan Grace, string? HealthFile = null,
    string? Cache = null, long CacheBytes = Datasets.DatasetDownloads.DefaultCapacityBytes, string? Token = null, LogOptions? Logs = null, int SlotsPerGpu = 1)
{
    /// <summary>$XDG_CACHE_HOME/crossfold/datasets, else ~/.cache/crossfold/datasets.</summary>
    public static string DefaultCache =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "crossfold", "datasets");
}
