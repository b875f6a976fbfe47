using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Protocol.Serialization;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using Crossfold.Worker.Jobs;
using static TorchSharp.torch;

namespace Crossfold.Bench;

/// <summary>
/// The memory of one real fold: fold 1 (or another) of a 5-fold sweep of a model on the full MNIST training split
/// (48,000 training and 12,000 validation images), run by the worker's own <see cref="JobRunner"/>.
/// </summary>
static class FoldMemory
{
    public static Dictionary<string, object?> Run(string mnistDirectory, string model, int threads, int epochs, TrainingPrecision precision, int fold)
    {
        var dataset = new DatasetSpec(Path.GetFullPath(mnistDirectory), null, null, null, null, null);
        var definition = new SweepDefinition("bench-fold", 42, dataset, [new NoiseSpec(NoiseKind.Gaussian, BenchData.Sigma)],
            new CrossValidationSpec(5), [Presets.Get(model)], new TrainingSettings(Epochs: epochs, Precision: precision), []);
        var watch = ProcessStats.StartWatch();
        var datasets = new DatasetCache();
        var cached = datasets.Get(dataset);
        long afterLoad = ProcessStats.RssBytes();
        var plan = SweepPlan.Create(definition, "bench", cached.Fingerprint, cached.Data.Train.Height, cached.Data.Train.Width);
        var outcome = new JobRunner(datasets, "bench").Run(plan.Jobs[fold], CPU, threads, m =>
            Console.Error.WriteLine($"  fold {model} epoch {m.Epoch}: {m.ImagesPerSecond:F0} img/s, validation accuracy {m.ValidationAccuracy:P2}, RSS {ProcessStats.RssBytes() >> 20} MiB, managed {GC.GetTotalMemory(false) >> 20} MiB"), CancellationToken.None);
        return new()
        {
            ["engine"] = "crossfold",
            ["kind"] = "fold",
            ["model"] = model,
            ["threads"] = threads,
            ["precision"] = TrainingSettings.PrecisionName(precision),
            ["fold"] = fold + 1,
            ["dataset_images"] = cached.Data.Train.Count + (cached.Data.Test?.Count ?? 0),
            ["train_images"] = outcome.TrainCount,
            ["validation_images"] = outcome.ValidationCount,
            ["test_images"] = outcome.TestCount,
            ["epochs"] = outcome.Epochs.Length,
            ["seconds"] = outcome.Seconds,
            ["images_per_second"] = outcome.Epochs.Select(e => e.ImagesPerSecond).ToArray(),
            ["test_accuracy"] = outcome.Test.Accuracy,
            ["test_loss"] = outcome.Test.Loss,
            ["rss_after_load_bytes"] = afterLoad,
            ["peak_rss_bytes"] = ProcessStats.PeakRssBytes(),
            ["others_cores"] = watch.OthersCores(),
        };
    }
}
