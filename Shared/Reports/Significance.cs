using Crossfold.Core.Statistics;

namespace Crossfold.Reports;

/// <summary>What the corrected resampled t-test, Holm-adjusted over all comparisons with the best, says about a trial against the best one.</summary>
public enum SignificanceVerdict
{
    /// <summary>Fewer than two folds are present in both trials: there is no variance to test against.</summary>
    NotEnoughFolds,
    /// <summary>Holm-adjusted p &gt;= <see cref="Significance.Alpha"/>: the folds do not tell the two trials apart.</summary>
    NotSignificant,
    /// <summary>Holm-adjusted p &lt; <see cref="Significance.Alpha"/> and the trial scored lower than the best on the shared folds.</summary>
    SignificantlyWorse,
    /// <summary>
    /// Holm-adjusted p &lt; <see cref="Significance.Alpha"/> with the trial ahead on the shared folds: possible only when
    /// the best trial has folds the other lacks (failed or unfinished), which decide its higher mean.
    /// </summary>
    SignificantlyBetter,
}

/// <summary>
/// A trial compared with the sweep's best trial on test-fold accuracy, fold by fold.
/// </summary>
/// <param name="BestTrial">Index of the trial compared against.</param>
/// <param name="PairedFolds">Folds, matched by (repeat, fold), that both trials finished: only these count.</param>
/// <param name="TestTrainRatio">n_test / n_train of one fold, 1 / (k - 1), which widens the variance.</param>
/// <param name="MeanDifference">Mean of (this trial - best) accuracy over the paired folds, as a fraction; negative when worse.</param>
/// <param name="T">The corrected t statistic; null with too few folds, ±∞ when every fold differs by the same amount.</param>
/// <param name="DegreesOfFreedom">Paired folds - 1; null with too few folds.</param>
/// <param name="PValue">Raw two-sided p-value of "no difference" (alternative: the means differ); null with too few folds.</param>
/// <param name="Significant">The Holm-adjusted p-value is below <see cref="Significance.Alpha"/>.</param>
/// <param name="Verdict">What the Holm-adjusted p-value says.</param>
/// <param name="HolmPValue">
/// <see cref="PValue"/> after Holm's adjustment over every comparison with the best trial in the report
/// (the family); what <see cref="Significant"/> and <see cref="Verdict"/> go by. Null with too few folds.
/// </param>
/// <param name="Alternative">The sidedness of both p-values: always "two-sided".</param>
public sealed record SignificanceReport(
    int BestTrial,
    int PairedFolds,
    double TestTrainRatio,
    double? MeanDifference,
    double? T,
    int? DegreesOfFreedom,
    double? PValue,
    bool Significant,
    SignificanceVerdict Verdict,
    double? HolmPValue = null,
    string Alternative = Significance.TwoSided);

/// <summary>
/// Compares trials with the corrected resampled t-test for cross-validation (Nadeau &amp; Bengio 2003):
/// the plain paired t-test would call far too many differences significant, because folds share
/// training data.
/// </summary>
public static class Significance
{
    /// <summary>The significance level of every verdict: 5 %.</summary>
    public const double Alpha = 0.05;

    /// <summary>How every p-value of a report is sided: the alternative is that the two means differ.</summary>
    public const string TwoSided = "two-sided";

    /// <summary>
    /// Compares the fold accuracies of <paramref name="trial"/> with those of <paramref name="best"/> (trial
    /// <paramref name="bestIndex"/>) in a k-fold sweep. Folds are paired by (repeat, fold); a fold that
    /// only one of them finished is left out. Fewer than two pairs give <see cref="SignificanceVerdict.NotEnoughFolds"/>.
    /// The verdict is that of this comparison alone (its Holm p-value equals the raw one) until
    /// <see cref="AdjustForMultipleComparisons"/> adjusts it with the rest of its family.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 2.</exception>
    public static SignificanceReport Compare(IReadOnlyList<FoldReport> trial, IReadOnlyList<FoldReport> best, int bestIndex, int k)
    {
        double ratio = CorrectedResampledTTest.KFoldTestTrainRatio(k);
        var bestByFold = best.ToDictionary(f => (f.Repeat, f.Fold), f => f.Accuracy);
        var pairs = trial
            .Where(f => bestByFold.ContainsKey((f.Repeat, f.Fold)))
            .OrderBy(f => f.Repeat).ThenBy(f => f.Fold)
            .Select(f => (Trial: f.Accuracy, Best: bestByFold[(f.Repeat, f.Fold)]))
            .ToList();

        var test = CorrectedResampledTTest.Compare(pairs.Select(p => p.Trial).ToList(), pairs.Select(p => p.Best).ToList(), ratio);
        if (test is null)
            return new SignificanceReport(bestIndex, pairs.Count, ratio, null, null, null, null, false, SignificanceVerdict.NotEnoughFolds);

        return WithHolm(new SignificanceReport(bestIndex, pairs.Count, ratio, test.MeanDifference, test.T, test.DegreesOfFreedom,
            test.PValue, false, SignificanceVerdict.NotSignificant), test.PValue);
    }

    /// <summary>
    /// The comparisons of every other trial with the best one, each with its Holm-adjusted p-value (see
    /// <see cref="Holm"/>; comparisons without enough folds do not count in the family) and the verdict
    /// that adjusted p-value gives, in the same order.
    /// </summary>
    public static IReadOnlyList<SignificanceReport> AdjustForMultipleComparisons(IReadOnlyList<SignificanceReport> comparisons)
    {
        double[] adjusted = Holm.Adjust(comparisons.Select(c => c.PValue ?? double.NaN).ToList());
        return comparisons.Select((c, i) => c.PValue is null ? c : WithHolm(c, adjusted[i])).ToList();
    }

    static SignificanceReport WithHolm(SignificanceReport s, double holm)
    {
        bool significant = holm < Alpha;
        var verdict = !significant ? SignificanceVerdict.NotSignificant
            : s.MeanDifference < 0 ? SignificanceVerdict.SignificantlyWorse
            : SignificanceVerdict.SignificantlyBetter;
        return s with { HolmPValue = holm, Significant = significant, Verdict = verdict };
    }

    /// <summary>The verdict as the reports print it: "significantly worse at 5 %", "not significant", ….</summary>
    public static string Describe(SignificanceVerdict verdict) => verdict switch
    {
        SignificanceVerdict.NotEnoughFolds => "not enough folds",
        SignificanceVerdict.NotSignificant => "not significant",
        SignificanceVerdict.SignificantlyWorse => "significantly worse at 5 %",
        SignificanceVerdict.SignificantlyBetter => "significantly better at 5 % on the shared folds",
        _ => verdict.ToString(),
    };
}
