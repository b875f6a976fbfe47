using Crossfold.Core.Statistics;

namespace Crossfold.Reports;

/// <summary>
/// One model's (architecture with hyperparameters) cross-noise matrix: a row per noise it trained on, a column per
/// evaluation noise (<c>evaluate.noise</c>) its folds' models were also scored under on their test folds.
/// </summary>
/// <param name="Model">As in <see cref="RobustnessCurve.Model"/>, e.g. "seed-cnn-5 | lr=0.001".</param>
/// <param name="TestNoise">The evaluation noises, in the sweep file's order: the columns.</param>
/// <param name="Rows">One per trial of the model with a scored fold, in trial order.</param>
public sealed record CrossNoiseMatrix(string Model, IReadOnlyList<string> TestNoise, IReadOnlyList<CrossNoiseRow> Rows);

/// <summary>One trial of a <see cref="CrossNoiseMatrix"/>: the noise it trained on and its scores under each evaluation noise (same order as the columns).</summary>
public sealed record CrossNoiseRow(int Trial, string TrainNoise, IReadOnlyList<CrossNoiseCell> Cells);

/// <summary>
/// One cell: accuracy over the folds scored under <see cref="TestNoise"/> (mean and population standard deviation, as
/// the main table prints them) and the mean loss; null numbers when no fold was scored under it.
/// </summary>
public sealed record CrossNoiseCell(string TestNoise, int Folds, double? Mean, double? Std, double? Loss);

/// <summary>A fold's trained model scored on its test fold under one evaluation noise.</summary>
public sealed record CrossNoiseFold(string Noise, double Accuracy, double Loss);

/// <summary>Cross-noise matrices, read off the folds' scores under the evaluation noises: nothing is trained for them.</summary>
public static class CrossNoise
{
    /// <summary>
    /// One matrix per model, models in the order of their first trial; empty when no fold was scored under an
    /// evaluation noise. Columns are <paramref name="testNoise"/> (the sweep's evaluation noises' labels); statistics as
    /// <see cref="Summary.Of"/> gives them for <paramref name="testTrainRatio"/>, like the main table's.
    /// </summary>
    public static IReadOnlyList<CrossNoiseMatrix> Of(IEnumerable<TrialReport> trials, IReadOnlyList<string> testNoise, double testTrainRatio)
    {
        if (testNoise.Count == 0) return [];
        return trials.Where(t => t.Folds.Any(f => f.CrossNoise is { Count: > 0 }))
            .GroupBy(Robustness.Model)
            .Select(model => new CrossNoiseMatrix(model.Key, testNoise, model.Select(t => Row(t, testNoise, testTrainRatio)).ToList()))
            .ToList();
    }

    static CrossNoiseRow Row(TrialReport trial, IReadOnlyList<string> testNoise, double testTrainRatio) => new(trial.Index, trial.Noise, testNoise.Select(noise =>
    {
        var scores = trial.Folds.SelectMany(f => f.CrossNoise ?? []).Where(s => s.Noise == noise).ToList();
        if (scores.Count == 0) return new CrossNoiseCell(noise, 0, null, null, null);
        var accuracy = Summary.Of(scores.Select(s => s.Accuracy).ToList(), testTrainRatio);
        return new CrossNoiseCell(noise, scores.Count, accuracy.Mean, accuracy.PopulationStd, scores.Average(s => s.Loss));
    }).ToList());
}
