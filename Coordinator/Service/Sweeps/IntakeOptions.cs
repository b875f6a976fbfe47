using Crossfold.Core.Data;
using Crossfold.Core.Sweeps;
using Crossfold.Core;

namespace Crossfold.Coordinator.Sweeps;

/// <summary>
/// What a coordinator accepts in a sweep submitted over its API, and how much it keeps of their datasets.
/// (Active sweeps are counted where they live: SchedulerOptions.MaxActiveSweeps.)
/// </summary>
/// <param name="DatasetsRoot">Dataset paths must lie under it, symbolic links followed; relative ones resolve against it (--datasets-root).</param>
/// <param name="MaxDatasetBytes">The most bytes a dataset file may hold, on disk and decompressed (--max-dataset-bytes).</param>
/// <param name="MaxJobsPerSweep">Jobs one sweep may have (--max-jobs-per-sweep).</param>
/// <param name="MaxEpochs">Epochs one trial may train (--max-epochs).</param>
/// <param name="DatasetCacheBytes">Bytes of datasets kept between submissions (--dataset-cache-bytes).</param>
public sealed record IntakeOptions(string DatasetsRoot, long MaxDatasetBytes, int MaxJobsPerSweep, int MaxEpochs, long DatasetCacheBytes)
{
    public const long DefaultMaxDatasetBytes = 4L << 30;
    public const int DefaultMaxEpochs = 1000;

    /// <summary>The defaults, with the datasets root in the coordinator's data directory.</summary>
    public static IntakeOptions For(string dataDirectory) => new(DefaultDatasetsRoot(dataDirectory), DefaultMaxDatasetBytes,
        SweepPlan.DefaultMaxJobs, DefaultMaxEpochs, DatasetCache.DefaultCapacityBytes);

    /// <summary>&lt;--data&gt;/datasets.</summary>
    public static string DefaultDatasetsRoot(string dataDirectory) => Path.Combine(dataDirectory, "datasets");

    /// <summary>The coordinator's dataset store, where files a sweep names as sha256:… are found; null: such names are refused.</summary>
    public IStoredFiles? Files { get; init; }

    /// <summary>Which dataset files a submitted sweep may name.</summary>
    public DatasetAccess Access => DatasetAccess.Under(DatasetsRoot, MaxDatasetBytes, Files);

    /// <summary>How a submitted sweep file is read: these limits, paths under the datasets root.</summary>
    public SweepFileOptions FileOptions => new(new SweepLimits(MaxJobsPerSweep, MaxEpochs, NameOptions: true), Access.Root);

    /// <summary>Throws an <see cref="InputException"/> naming the first option out of range.</summary>
    public IntakeOptions Checked()
    {
        if (MaxDatasetBytes < 1) throw new InputException("--max-dataset-bytes must be at least 1");
        if (MaxJobsPerSweep is < 1 or > SweepPlan.MaxJobsCeiling)
            throw new InputException($"--max-jobs-per-sweep must be from 1 to {SweepPlan.MaxJobsCeiling:N0}");
        if (MaxEpochs < 1) throw new InputException("--max-epochs must be at least 1");
        if (DatasetCacheBytes < 1) throw new InputException("--dataset-cache-bytes must be at least 1");
        return this;
    }
}
