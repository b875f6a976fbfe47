using Crossfold.Core.Noise;

namespace Crossfold.Reports;

/// <summary>
/// How one model (an architecture with its hyperparameters) holds up as one kind of noise grows: its
/// fold accuracy at every level the sweep trained at, clean images counting as level 0.
/// </summary>
/// <param name="Model">The architecture and its hyperparameters, e.g. "seed-cnn-5" or "seed-cnn-5 | lr=0.001".</param>
/// <param name="Noise">The kind's sweep-file name, e.g. "gaussian".</param>
/// <param name="Parameter">The kind's parameter, e.g. "sigma".</param>
/// <param name="Points">One per level, lowest first.</param>
public sealed record RobustnessCurve(string Model, string Noise, string Parameter, IReadOnlyList<RobustnessPoint> Points);

/// <summary>
/// One level of a <see cref="RobustnessCurve"/>: the trial trained there and its accuracy over folds
/// (mean, population standard deviation as the main table prints it, lowest and highest fold).
/// </summary>
public sealed record RobustnessPoint(double Level, int Trial, int Folds, double Mean, double Std, double Min, double Max);

/// <summary>Robustness curves: read off the trials of a sweep that varies noise, so nothing is trained for them.</summary>
public static class Robustness
{
    /// <summary>
    /// One curve per model and noise kind with at least two levels among <paramref name="trials"/>
    /// (each with the noise it trained on); trials with no finished fold are left out. Models come in the
    /// order of their first trial, kinds in the order of <see cref="NoiseKind"/>.
    /// </summary>
    public static IReadOnlyList<RobustnessCurve> Of(IEnumerable<(TrialReport Trial, NoiseSpec Noise)> trials)
    {
        var finished = trials.Where(t => t.Trial.Accuracy is not null && t.Trial.Folds.Count > 0).ToList();
        var curves = new List<RobustnessCurve>();
        foreach (var model in finished.GroupBy(t => Model(t.Trial)))
        {
            var clean = model.Where(t => t.Noise.Kind == NoiseKind.None).Take(1).ToList();
            foreach (var kind in model.Select(t => t.Noise.Kind).Where(k => k != NoiseKind.None).Distinct().Order())
            {
                var points = clean.Select(t => Point(0, t.Trial))
                    .Concat(model.Where(t => t.Noise.Kind == kind).Select(t => Point(t.Noise.Amount, t.Trial)))
                    .GroupBy(p => p.Level).Select(g => g.First())
                    .OrderBy(p => p.Level).ToList();
                if (points.Count >= 2)
                    curves.Add(new RobustnessCurve(model.Key, NoiseSpec.KindName(kind), NoiseSpec.ParameterName(kind)!, points));
            }
        }
        return curves;
    }

    /// <summary>The levels every curve of one kind covers, lowest first: the columns of its table.</summary>
    public static IReadOnlyList<double> Levels(IEnumerable<RobustnessCurve> curves) =>
        curves.SelectMany(c => c.Points).Select(p => p.Level).Distinct().Order().ToList();

    /// <summary>What a model is in the report: the architecture and its hyperparameters, the noise left out.</summary>
    internal static string Model(TrialReport trial) =>
        trial.Hyperparameters.Length == 0 ? trial.Architecture : $"{trial.Architecture} | {trial.Hyperparameters}";

    static RobustnessPoint Point(double level, TrialReport trial) => new(level, trial.Index, trial.Folds.Count,
        trial.Accuracy!.Mean, trial.Accuracy.PopulationStd, trial.Folds.Min(f => f.Accuracy), trial.Folds.Max(f => f.Accuracy));
}
