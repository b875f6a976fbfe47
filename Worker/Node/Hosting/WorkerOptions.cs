using Crossfold.Protocol.Cluster;

namespace Crossfold.Worker.Hosting;

/// <summary>Everything a worker process is started with (from flags or CROSSFOLD_* environment variables).</summary>
/// <param name="Cluster">How to join the cluster.</param>
/// <param name="Devices">cpu, auto, all, or cuda:N,… (see <see cref="Slots.SlotPlan"/>).</param>
/// <param name="Slots">CPU slots; null = one per core.</param>
/// <param name="Threads">CPU threads per slot; null = 1.</param>
/// <param name="Grace">On SIGTERM, how long a running job may take to finish before it is handed back.</param>
/// <param name="HealthFile">Where to keep the <see cref="Hosting.HealthFile"/> for probes, or null for none.</param>
public sealed record WorkerOptions(ClusterNodeOptions Cluster, string Devices, int? Slots, int? Threads, TimeSpan Grace, string? HealthFile = null);
