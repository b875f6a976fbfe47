using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Protocol.Serialization;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Bench;

/// <summary>
/// Training throughput of one model through the real <see cref="TrainingSession"/>: images per second of
/// the training part of each epoch (validation excluded), median over the epochs after the warm-up.
/// </summary>
static class Throughput
{
    public static Dictionary<string, object?> Run(string model, int threads, int images, int epochs, int warmup, int batch, TrainingPrecision precision,
        string augment = "none")
    {
        Devices.UseThreads(threads);
        var architecture = Presets.Get(model);
        var (train, validation) = BenchData.Load(images);
        var settings = new TrainingSettings(Epochs: warmup + epochs, BatchSize: batch, Optimizer: architecture.PreferredOptimizer ?? OptimizerKind.Adam, Precision: precision);
        settings = augment switch
        {
            "none" => settings,
            "shift" => settings with { AugmentShift = 2 },
            "cutout" => settings with { AugmentCutout = 8 },
            "mixup" => settings with { Mixup = 0.2 },
            "affine" => settings with { AugmentRotate = 15, AugmentScale = 0.1, AugmentTranslate = 0.1 },
            "elastic" => settings with { AugmentElastic = 34 },
            _ => throw new ArgumentException($"--augment {augment}: expected none, shift, cutout, mixup, affine or elastic"),
        };
        long flopsPerImage = TrainingFlopsPerImage(architecture);

        var watch = ProcessStats.StartWatch();
        using var session = new TrainingSession(architecture, settings, seed: 1, CPU, 1, 28, 28);
        var history = session.Fit(train, validation, null, m =>
            Console.Error.WriteLine($"  {model} x{threads} epoch {m.Epoch}: {m.ImagesPerSecond,8:F0} img/s, train loss {m.TrainLoss:F4}, validation accuracy {m.ValidationAccuracy:P2}"));
        double others = watch.OthersCores();

        var measured = history.Skip(warmup).Select(m => m.ImagesPerSecond).ToArray();
        double median = Median(measured);
        return new()
        {
            ["engine"] = "crossfold",
            ["model"] = model,
            ["threads"] = threads,
            ["batch"] = batch,
            ["precision"] = TrainingSettings.PrecisionName(precision),
            ["augment"] = augment,
            ["optimizer"] = TrainingSettings.OptimizerName(settings.Optimizer),
            ["train_images"] = images,
            ["warmup_epochs"] = warmup,
            ["images_per_second"] = measured,
            ["median_images_per_second"] = median,
            ["train_flops_per_image"] = flopsPerImage,
            ["gflops"] = median * flopsPerImage / 1e9,
            ["peak_rss_bytes"] = ProcessStats.PeakRssBytes(),
            ["final_train_loss"] = history[^1].TrainLoss,
            ["final_validation_accuracy"] = history[^1].ValidationAccuracy,
            ["others_cores"] = others,
            ["torch_threads"] = get_num_threads(),
        };
    }

    /// <summary>
    /// The counting convention of the benchmark: 3 x the forward FLOPs of <see cref="ShapeInference"/>
    /// (multiply-add = 2; forward, gradient of the inputs, gradient of the weights each cost one forward).
    /// It slightly overcounts: the first layer needs no input gradient, and bias, ReLU, pooling and the
    /// optimizer are not counted.
    /// </summary>
    public static long TrainingFlopsPerImage(ArchitectureSpec architecture) => 3 * ShapeInference.ForMnist(architecture).TotalFlops;

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
