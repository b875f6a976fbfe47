using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>
/// A finished 5-fold sweep of three trials, made up without training, with numbers chosen so the
/// report's statistics can be checked by hand:
/// <list type="bullet">
/// <item>trial 0, seed-cnn-5: folds 96.5, 97.0, 96.0, 97.5, 96.5 % (mean 96.7 %) — the best;</item>
/// <item>trial 1, seed-cnn-2: 95.0, 96.0, 94.0, 95.5, 95.5 % — differences to trial 0 of -1.5, -1.0, -2.0,
///   -2.0, -1.0 points: mean -1.5, sample variance 0.25 points², so t = -1.5 / sqrt((1/5 + 1/4) 0.25) = -sqrt(20),
///   df 4; its third fold stopped early, after 3 of 4 epochs;</item>
/// <item>trial 2, seed-mlp-1: 96.5, 96.0, 97.0, 95.5 % and a failed fifth fold — differences on the 4
///   shared folds 0, -1, +1, -2 points: mean -0.5, variance 5/3 points², t = -sqrt(0.3), df 3.</item>
/// </list>
/// Every fold trains on 720 images, chooses its epoch on 80 and is scored on 200 test images, 20 per digit; its errors are spread over the classes in a fixed pattern.
/// </summary>
internal static class ReportFixture
{
    public const int Classes = 10, TestImages = 200, Epochs = 4;
    public const ulong Seed = 42;

    public static readonly double[][] Accuracies =
    [
        [0.965, 0.970, 0.960, 0.975, 0.965],
        [0.950, 0.960, 0.940, 0.955, 0.955],
        [0.965, 0.960, 0.970, 0.955],
    ];

    /// <summary>Trial 1's third fold (index 2) stopped after this many epochs.</summary>
    public const int EarlyStoppedEpochs = 3;

    public static readonly DateTimeOffset Created = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static SweepResults Results()
    {
        var noise = new NoiseSpec(NoiseKind.Gaussian, 0.5);
        var architectures = new[] { Presets.Get("seed-cnn-5"), Presets.Get("seed-cnn-2"), Presets.Get("seed-mlp-1") };
        var training = new TrainingSettings(Epochs: Epochs, EarlyStoppingPatience: 1);
        var definition = new SweepDefinition("fixture sweep", Seed, DatasetSpec.Embedded(), [noise], new CrossValidationSpec(5),
            architectures, training, []);
        var trials = architectures.Select((a, i) => new Trial(i, a, noise, training, "")).ToArray();

        var jobs = new List<JobRecord>();
        for (int trial = 0; trial < 3; trial++)
            for (int fold = 0; fold < 5; fold++)
            {
                int id = jobs.Count;
                if (fold >= Accuracies[trial].Length)
                {
                    jobs.Add(new JobRecord(id, trial, 0, fold, 3, null, "worker node-b left the cluster (3 attempts)"));
                    continue;
                }
                double accuracy = Accuracies[trial][fold];
                int epochs = trial == 1 && fold == 2 ? EarlyStoppedEpochs : Epochs;
                var outcome = new FoldOutcome(
                    new Evaluation(accuracy, Loss(accuracy), Confusion(accuracy), Classes),
                    History(accuracy, epochs, fold), epochs, 720, TestImages, 60 + 10 * fold,
                    fold % 2 == 0 ? "node-a" : "node-b", fold % 2 == 0 ? "cuda:0" : "cpu", fold % 2 == 0 ? 0 : 4, ValidationCount: 80);
                jobs.Add(new JobRecord(id, trial, 0, fold, 1, outcome, null));
            }

        return new SweepResults("sweep-0001", definition, new DatasetFacts("sha256:fixture", 1000, 28, 28, Classes, null), trials,
            jobs.ToArray(), SweepState.Completed, Created, Created.AddMinutes(42), "sweeps/fixture.yaml", "abc123");
    }

    public static SweepReport Report() => ReportBuilder.Build(Results());

    static double Loss(double accuracy) => Math.Round(2.5 * (1 - accuracy), 6);

    /// <summary>20 images per class; error j goes from class j mod 10 to the class 1 + j div 10 further on.</summary>
    public static int[] Confusion(double accuracy)
    {
        int errors = TestImages - (int)Math.Round(accuracy * TestImages);
        var confusion = new int[Classes * Classes];
        for (int c = 0; c < Classes; c++) confusion[c * Classes + c] = TestImages / Classes;
        for (int j = 0; j < errors; j++)
        {
            int actual = j % Classes, predicted = (actual + 1 + j / Classes) % Classes;
            confusion[actual * Classes + actual]--;
            confusion[actual * Classes + predicted]++;
        }
        return confusion;
    }

    /// <summary>Accuracy climbing 2 points an epoch towards the fold's final one; losses falling alongside.</summary>
    public static EpochMetrics[] History(double finalAccuracy, int epochs, int fold) =>
        Enumerable.Range(1, epochs).Select(e =>
        {
            double validation = finalAccuracy - 0.02 * (epochs - e);
            return new EpochMetrics(e, TrainLoss: 1.0 / e, TrainAccuracy: 0.9 + 0.02 * e, TestLoss: Loss(validation),
                TestAccuracy: validation, Seconds: 10 + fold, ImagesPerSecond: 80, ValidationLoss: Loss(validation + 0.01), ValidationAccuracy: validation + 0.01);
        }).ToArray();
}
