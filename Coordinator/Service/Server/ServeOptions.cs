using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Coordinator.Server;

/// <summary>Everything `crossfold serve` starts a coordinator node with.</summary>
/// <param name="Http">URL the HTTP API and web page listen on (checked by <see cref="HttpAddress.Parse"/>).</param>
/// <param name="Cluster">How to join (or form) the cluster.</param>
/// <param name="DataDirectory">Where the SQLite database lives (unless <paramref name="Postgres"/> is given).</param>
/// <param name="Postgres">PostgreSQL connection string, or null for SQLite.</param>
/// <param name="Token">Bearer token the API requires; mandatory when <paramref name="Http"/> is not loopback.</param>
/// <param name="MaxBodyBytes">Largest request body accepted (a sweep file); larger ones get 413.</param>
/// <param name="Scheduler">Lease, retry and active-sweep settings.</param>
/// <param name="Intake">What submitted sweeps may name and ask for; null: the defaults, datasets under &lt;<paramref name="DataDirectory"/>&gt;/datasets.</param>
public sealed record ServeOptions(
    string Http,
    ClusterNodeOptions Cluster,
    string DataDirectory,
    string? Postgres,
    string? Token,
    long MaxBodyBytes,
    SchedulerOptions Scheduler,
    IntakeOptions? Intake = null)
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>The intake rules in force.</summary>
    public IntakeOptions SweepIntake => Intake ?? IntakeOptions.For(DataDirectory);
}
