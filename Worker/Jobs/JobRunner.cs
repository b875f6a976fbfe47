using Crossfold.Shared;
using Crossfold.Shared.Folds;
using Crossfold.Shared.Noise;
using Crossfold.Shared.Protocol;
using Crossfold.Shared.Training;
using static TorchSharp.torch;

namespace Crossfold.Worker.Jobs;

/// <summary>
/// Runs one job from its spec alone: loads the dataset (cached per node) and checks its fingerprint,
/// rebuilds the fold, regenerates the noisy images, trains and evaluates. Same spec, same outcome.
/// </summary>
public sealed class JobRunner(DatasetCache datasets, string node) : IJobRunner
{
    /// <summary>Trains the job's fold on <paramref name="device"/> with <paramref name="threads"/> CPU threads, on the calling thread.</summary>
    public FoldOutcome Run(JobSpec job, Device device, int threads, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Devices.UseThreads(threads);
        var cached = datasets.Get(job.Dataset);
        if (cached.Fingerprint != job.DatasetFingerprint)
            throw new InputException($"dataset {job.Dataset} on {node} has fingerprint {cached.Fingerprint[..12]}…, " +
                $"the sweep expects {job.DatasetFingerprint[..Math.Min(12, job.DatasetFingerprint.Length)]}…: the files differ between machines");
        var data = cached.Data.Train;
        var fold = FoldSplitter.Get(data.Labels, job.CrossValidation, job.FoldSeed, job.Repeat, job.Fold);
        var train = Noisy(data, fold.Train, job);
        var validation = Noisy(data, fold.Validation, job);
        cancel.ThrowIfCancellationRequested();

        using var session = new TrainingSession(job.Architecture, job.Training, job.TrainSeed, device, data.Height, data.Width, data.Classes);
        var history = session.Fit(train, validation, onEpoch, cancel);
        var evaluation = session.Evaluate(validation);
        return new FoldOutcome(evaluation, history.ToArray(), session.BestEpoch, train.Count, validation.Count,
            clock.Elapsed.TotalSeconds, node, Devices.Name(device), device.type == TorchSharp.DeviceType.CPU ? get_num_threads() : 0);
    }

    static ImageSet Noisy(Shared.Data.Dataset data, int[] indices, JobSpec job)
    {
        var pixels = new float[indices.Length * data.PixelsPerImage];
        NoiseGenerator.Apply(data, job.Noise, job.NoiseSeed, indices, pixels);
        return new ImageSet(pixels, indices.Select(i => data.Labels[i]).ToArray(), data.Height, data.Width);
    }
}
