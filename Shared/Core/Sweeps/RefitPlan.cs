using Crossfold.Core.Jobs;
using Crossfold.Core.Randomness;
using Crossfold.Core.Results;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// The sweep's last job when <c>refit: true</c>: the best trial trained once more on every training
/// image and tested on the held-out split, as the seed notebook did after cross-validation.
/// </summary>
public static class RefitPlan
{
    /// <summary>
    /// The refit job of <paramref name="trial"/> (numbered after the cross-validation jobs). With early
    /// stopping it trains for the median of the folds' best epochs, since there is no validation split
    /// left to stop on; otherwise for the trial's epochs.
    /// </summary>
    public static JobSpec Create(SweepDefinition def, string sweepId, string datasetFingerprint, Trial trial, int jobId, IReadOnlyList<int> bestEpochs)
    {
        var training = trial.Training;
        if (training.EarlyStoppingPatience > 0 && bestEpochs.Count > 0)
        {
            var sorted = bestEpochs.Order().ToArray();
            int median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (int)Math.Round((sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0);
            training = training with { Epochs = Math.Max(1, median), EarlyStoppingPatience = 0 };
        }
        return new JobSpec(sweepId, jobId, trial.Index, trial.Label, def.Dataset, datasetFingerprint, def.CrossValidation,
            CounterRandom.Derive(def.Seed, "folds"), -1, -1, trial.Noise, CounterRandom.Derive(def.Seed, "noise"), trial.Architecture,
            training, CounterRandom.Derive(def.Seed, "refit"), Refit: true);
    }
}
