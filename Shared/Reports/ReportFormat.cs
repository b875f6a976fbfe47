using System.Globalization;

namespace Crossfold.Reports;

/// <summary>Number formats shared by every human-readable report, so a value reads the same everywhere.</summary>
public static class ReportFormat
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>An accuracy as a percentage with two decimals: "96.62 %".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", Inv) + " %";

    /// <summary>A predicted probability as a percentage with one decimal: "98.1 %".</summary>
    public static string Probability(double fraction) => (fraction * 100).ToString("0.0", Inv) + " %";

    /// <summary>"96.62 % ± 0.25 %" — the seed notebook's "+/-" (population standard deviation).</summary>
    public static string MeanStd(Crossfold.Core.Statistics.Summary s) => $"{Percent(s.Mean)} ± {Percent(s.PopulationStd)}";

    /// <summary>A loss with four decimals.</summary>
    public static string Loss(double value) => value.ToString("0.0000", Inv);

    /// <summary>A plain invariant-culture number for machine-readable files.</summary>
    public static string Number(double value) => value.ToString("R", Inv);

    /// <summary>Durations as people read them: "42 s", "3 min 05 s", "1 h 02 min".</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0) return "?";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        if (t.TotalHours >= 1) return $"{(int)t.TotalHours} h {t.Minutes:00} min";
        if (t.TotalMinutes >= 1) return $"{t.Minutes} min {t.Seconds:00} s";
        return $"{t.Seconds} s";
    }

    /// <summary>Parameter counts with thousands separators: "653,322".</summary>
    public static string Count(long value) => value.ToString("N0", Inv);

    /// <summary>A ratio such as precision, recall or F1 with four decimals: "0.9712".</summary>
    public static string Fraction(double value) => value.ToString("0.0000", Inv);

    /// <summary>A difference of accuracies in percentage points, signed: "-0.52 pp", "+0.10 pp".</summary>
    public static string Points(double fraction) => (fraction * 100).ToString("+0.00;-0.00;0.00", Inv) + " pp";

    /// <summary>A p-value with four decimals, "&lt; 0.0001" below that.</summary>
    public static string PValue(double p) => double.IsNaN(p) ? "NaN" : p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", Inv);

    /// <summary>"p = 0.0123", or "p &lt; 0.0001" below what four decimals show.</summary>
    public static string P(double p) => PValue(p) is var text && text.StartsWith('<') ? "p " + text : "p = " + text;

    /// <summary>A t statistic with three decimals (±∞ when every fold differs by the same amount).</summary>
    public static string T(double t) => double.IsPositiveInfinity(t) ? "∞" : double.IsNegativeInfinity(t) ? "-∞" : t.ToString("0.000", Inv);

    /// <summary>
    /// A trial's comparison with the best, as the main tables print it: "p = 0.0123 (Holm 0.0246), significantly worse at 5 %",
    /// "p = 0.4100 (Holm 0.8200), not significant", "not enough folds"; "best" for the best trial itself.
    /// </summary>
    public static string Comparison(TrialReport trial) => trial switch
    {
        { Best: true } => "best",
        { AgainstBest: null } => "–",
        { AgainstBest: { PValue: double p } s } => $"{P(p)} (Holm {PValue(s.HolmPValue ?? double.NaN)}), {Significance.Describe(s.Verdict)}",
        { AgainstBest: var s } => Significance.Describe(s.Verdict),
    };
}
