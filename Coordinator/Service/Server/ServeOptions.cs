using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;

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
/// <param name="DatasetStore">Where uploaded dataset files are kept; null: &lt;<paramref name="DataDirectory"/>&gt;/dataset-store.</param>
/// <param name="MaxDatasetUploadBytes">Largest dataset file one upload may bring (--max-dataset-upload-bytes).</param>
/// <param name="MaxDatasetStoreBytes">Most bytes the dataset store may hold in all (--max-dataset-store-bytes).</param>
/// <param name="PublicHttp">The address workers download dataset files from; null: <paramref name="Http"/> (see <see cref="WorkerFacingHttp"/>).</param>
/// <param name="Logs">How the node logs.</param>
public sealed record ServeOptions(
    string Http,
    ClusterNodeOptions Cluster,
    string DataDirectory,
    string? Postgres,
    string? Token,
    long MaxBodyBytes,
    SchedulerOptions Scheduler,
    IntakeOptions? Intake = null,
    string? DatasetStore = null,
    long MaxDatasetUploadBytes = ServeOptions.DefaultMaxDatasetUploadBytes,
    string? PublicHttp = null,
    LogOptions? Logs = null,
    long MaxDatasetStoreBytes = ServeOptions.DefaultMaxDatasetStoreBytes)
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>4 GiB: the --max-dataset-bytes a submitted sweep's file may have anyway.</summary>
    public const long DefaultMaxDatasetUploadBytes = 4L << 30;

    /// <summary>64 GiB: room for a few dozen datasets the size of ImageNet's downsampled variants, not for a full disk.</summary>
    public const long DefaultMaxDatasetStoreBytes = 64L << 30;

    /// <summary>The dataset store's directory.</summary>
    public string DatasetStoreDirectory => DatasetStore ?? Path.Combine(DataDirectory, "dataset-store");

    /// <summary>
    /// Where workers reach this node's API: --public-http when given, else --http, with a wildcard host
    /// (0.0.0.0, [::], *, +) replaced by the name the node advertises to the cluster.
    /// </summary>
    public string WorkerFacingHttp
    {
        get
        {
            if (PublicHttp is string given) return given.TrimEnd('/');
            var address = HttpAddress.Parse(Http);
            bool wildcard = address.Host is "0.0.0.0" or "[::]" or "::" or "*" or "+";
            string host = wildcard ? Cluster.PublicHostname ?? System.Net.Dns.GetHostName() : address.Host;
            return $"{(Http.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? "https" : "http")}://{host}:{address.Port}";
        }
    }

    /// <summary>The intake rules in force.</summary>
    public IntakeOptions SweepIntake => Intake ?? IntakeOptions.For(DataDirectory);
}
