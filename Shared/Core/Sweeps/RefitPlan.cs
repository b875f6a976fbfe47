using Crossfold.Core.Jobs;
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
    /// stopping it trains on every training image for the median of the folds' best epochs (each chosen
    /// on its fold's validation split), without stopping early or holding images out; otherwise for the
    /// trial's epochs. The held-out test split is scored once, at the end.
    /// </summary>
    public static JobSpec Create(SweepDefinition def, string sweepId, string datasetFingerprint, Trial trial, int jobId, IReadOnlyList<int> bestEpochs)
    {
        // Every training image trains the final model: nothing is held out, whatever the folds held out.
        var training = trial.Training with { ValidationSplit = 0 };
        if (training.EarlyStoppingPatience > 0 && bestEpochs.Count > 0)
        {
            var sorted = bestEpochs.Order().ToArray();
            int median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (int)Math.Round((sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0);
            training = training with { Epochs = Math.Max(1, median), EarlyStoppingPatience = 0 };
        }
        return new JobSpec(sweepId, jobId, trial.Index, trial.Label, def.Dataset, datasetFingerprint, def.CrossValidation,
            SweepSeeds.Folds(def.Seed), -1, -1, trial.Noise, SweepSeeds.Noise(def.Seed), trial.Architecture,
            training, SweepSeeds.Refit(def.Seed), Refit: true);
    }
}
