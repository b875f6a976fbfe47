using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Jobs;
using Crossfold.Core.Noise;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>
/// A finished random search of four trials (one architecture, four learning rates) over 5 folds with
/// racing (alpha 0.05 from fold 3), made up without training, so that racing eliminates a trial whose
/// few folds have the highest mean of all:
/// <list type="bullet">
/// <item>trial 0: 96, 91, 95, 95, 93 % (mean 94.0 %): noisy, never significantly worse;</item>
/// <item>trial 1: 95.0, 95.1, 94.9 % then 99 % — eliminated at round 3 (steadily 2 points behind trial 2 on folds 1..3),
///   its fourth fold had started before the decision (wasted), its fifth was dropped; mean 96 % over its 4 folds;</item>
/// <item>trial 2: 97, 97, 97, 90, 91 % (mean 94.4 %): the leader at every round, and the best trial;</item>
/// <item>trial 3: 98, 90, 96, 92, 93 % (mean 93.8 %).</item>
/// </list>
/// Every fold trains <see cref="ReportFixture.Epochs"/> epochs.
/// </summary>
internal static class RacedSweepFixture
{
    public static readonly double[][] Accuracies =
    [
        [0.96, 0.91, 0.95, 0.95, 0.93],
        [0.950, 0.951, 0.949, 0.99],
        [0.97, 0.97, 0.97, 0.90, 0.91],
        [0.98, 0.90, 0.96, 0.92, 0.93],
    ];

    public const int Eliminated = 1, Best = 2, Folds = 5;

    public static SweepResults Results(SearchMethod method = SearchMethod.Random, bool racing = true)
    {
        var noise = NoiseSpec.Clean;
        var architecture = Presets.Get("seed-mlp-1");
        var training = new TrainingSettings(Epochs: ReportFixture.Epochs);
        var search = new SearchSpec(method, method == SearchMethod.Random ? Accuracies.Length : 0, Racing: racing ? new RacingSpec(0.05, 3) : null);
        var definition = new SweepDefinition("raced search", ReportFixture.Seed, DatasetSpec.Embedded(), [noise], new CrossValidationSpec(Folds),
            [architecture], training, [new HyperparameterAxis("learning_rate", [], new Distribution(DistributionKind.LogUniform, 0.0001, 0.01))],
            Search: search);
        string[] rates = ["0.0021", "0.0004", "0.0013", "0.0087"];
        var trials = rates.Select((rate, i) => new Trial(i, architecture, noise, training with { LearningRate = double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) },
            $"learning_rate={rate}")).ToArray();

        var jobs = new List<JobRecord>();
        for (int trial = 0; trial < trials.Length; trial++)
            for (int fold = 0; fold < Folds; fold++)
            {
                int id = jobs.Count;
                if (fold >= Accuracies[trial].Length)
                {
                    // Dropped by racing: neither a result nor an error.
                    jobs.Add(new JobRecord(id, trial, 0, fold, 0, null, null));
                    continue;
                }
                double accuracy = Accuracies[trial][fold];
                var outcome = new FoldOutcome(
                    new Evaluation(accuracy, 2.5 * (1 - accuracy), ReportFixture.Confusion(accuracy), ReportFixture.Classes),
                    ReportFixture.History(accuracy, ReportFixture.Epochs, fold), ReportFixture.Epochs, 720, ReportFixture.TestImages, 30,
                    "node-a", "cpu", 1, ValidationCount: 80);
                jobs.Add(new JobRecord(id, trial, 0, fold, 1, outcome, null));
            }

        return new SweepResults("sweep-raced", definition, new DatasetFacts("sha256:fixture", 1000, 28, 28, ReportFixture.Classes, null), trials,
            jobs.ToArray(), SweepState.Completed, ReportFixture.Created, ReportFixture.Created.AddMinutes(20), "sweeps/raced.yaml", "def456");
    }

    public static SweepReport Report() => ReportBuilder.Build(Results());
}
