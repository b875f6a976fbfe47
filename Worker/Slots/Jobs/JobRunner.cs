using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Randomness;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Protocol.Messages;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Worker.Jobs;

/// <summary>
/// Runs one job from its spec alone: loads the dataset (cached per node) and checks its fingerprint,
/// rebuilds the fold, carves its validation set out of the fold's training part (see
/// <see cref="ValidationSplit"/>), regenerates the noisy images, trains (choosing the epoch on the
/// validation set only) and scores the trained model once on the fold's test part, keeping that part's most confident
/// mistakes and examples for the report's error gallery (see <see cref="GalleryPicker"/>). Same spec, same outcome.
/// A refit job trains on every training image and is tested on the held-out split (with the same kind
/// of noise, drawn from a seed of its own), and returns its weights. A fold job with evaluation noises
/// (<c>evaluate.noise</c>) also scores its trained model on the same test images under each of them.
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
        ImageSet train, test;
        ImageSet? validation = null;
        int[]? testIndices = null;
        if (job.Refit)
        {
            var heldOut = cached.Data.Test ?? throw new InputException($"dataset {job.Dataset}: refit needs a held-out test split, and it has none");
            train = Noisy(data, Enumerable.Range(0, data.Count).ToArray(), job.Noise, job.NoiseSeed);
            test = Noisy(heldOut, Enumerable.Range(0, heldOut.Count).ToArray(), job.Noise, CounterRandom.Derive(job.NoiseSeed, "test"));
        }
        else
        {
            // An inner job of nested cross-validation trains and scores inside its outer fold's training part.
            var fold = job.InnerFold >= 0
                ? NestedFolds.Inner(data.Labels, job.CrossValidation, job.FoldSeed, job.Repeat, job.Fold, job.InnerFold)
                : FoldSplitter.Get(data.Labels, job.CrossValidation, job.FoldSeed, job.Repeat, job.Fold);
            // What chooses the epoch comes out of the training part; the test part only scores.
            var parts = ValidationSplit.Carve(fold.Train, data.Labels, data.Classes, job.Training.ValidationFraction, job.TrainSeed);
            train = Noisy(data, parts.Train, job.Noise, job.NoiseSeed);
            if (parts.Validation.Length > 0) validation = Noisy(data, parts.Validation, job.Noise, job.NoiseSeed);
            test = Noisy(data, fold.Test, job.Noise, job.NoiseSeed);
            testIndices = fold.Test;
        }
        cancel.ThrowIfCancellationRequested();

        using var session = new TrainingSession(job.Architecture, job.Training, job.TrainSeed, device, data.Channels, data.Height, data.Width, data.Classes);
        // A fold's test part is evaluated after every epoch for learning curves only; a refit's held-out
        // split is not even that: it stays unseen until the final evaluation.
        var history = session.Fit(train, validation, job.Refit ? null : test, onEpoch, cancel);
        var evaluation = session.Evaluate(test);
        // The gallery travels with the outcome because the report may be built where the dataset is not; a refit has none,
        // nor has an inner job (a report shows outer folds' mistakes only).
        FoldGallery? gallery = null;
        if (testIndices is not null && job.InnerFold < 0)
        {
            var (predicted, probability) = session.PredictClasses(test);
            gallery = GalleryPicker.Build(test, testIndices, predicted, probability);
        }
        var crossNoise = testIndices is null ? null : CrossNoise(session, data, testIndices, job.CrossNoise, cancel);
        return new FoldOutcome(evaluation, history.ToArray(), session.BestEpoch, train.Count, test.Count,
            clock.Elapsed.TotalSeconds, node, Devices.Name(device), device.type == TorchSharp.DeviceType.CPU ? get_num_threads() : 0,
            job.Refit ? session.SaveWeights() : null, validation?.Count ?? 0, session.WeightsSha256(),
            device.type == TorchSharp.DeviceType.CPU ? CpuIsaPin.Label : "", CrossNoise: crossNoise, Gallery: gallery);
    }

    /// <summary>
    /// The trained model on the fold's test images under each evaluation noise: inference only, after the fold's
    /// own score, so nothing here can touch training or the choice of epoch. Null when the job lists none.
    /// </summary>
    static CrossNoiseScore[]? CrossNoise(TrainingSession session, Crossfold.Core.Data.Dataset data, int[] testIndices,
        CrossNoiseSpec[]? noises, CancellationToken cancel)
    {
        if (noises is not { Length: > 0 }) return null;
        var scores = new CrossNoiseScore[noises.Length];
        for (int i = 0; i < noises.Length; i++)
        {
            cancel.ThrowIfCancellationRequested();
            // Accuracy and loss are all a cell needs; the confusion matrix stays the fold's own.
            var evaluation = session.Evaluate(Noisy(data, testIndices, noises[i].Noise, noises[i].Seed), withConfusion: false);
            scores[i] = new CrossNoiseScore(noises[i].Noise, evaluation.Accuracy, evaluation.Loss);
        }
        return scores;
    }

    static ImageSet Noisy(Crossfold.Core.Data.Dataset data, int[] indices, NoiseSpec noise, ulong seed)
    {
        var pixels = new float[indices.Length * data.PixelsPerImage];
        NoiseGenerator.Apply(data, noise, seed, indices, pixels);
        return new ImageSet(pixels, indices.Select(i => data.Labels[i]).ToArray(), data.Height, data.Width, data.Channels);
    }
}
