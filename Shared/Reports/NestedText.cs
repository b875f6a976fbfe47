using System.Globalization;

namespace Crossfold.Reports;

/// <summary>The words and cells of a report's nested cross-validation section, shared by the Markdown, HTML and console writers.</summary>
public static class NestedText
{
    /// <summary>
    /// The section's opening sentences: the nested estimate with what its interval assumes, and how far the best trial's
    /// own cross-validation mean lies above it.
    /// </summary>
    public static string Note(NestedReport nested)
    {
        int outer = nested.OuterFolds.Count;
        string estimate = nested.NestedAccuracy is { } a
            ? $"Nested estimate: {ReportFormat.MeanStd(a)} (mean ± std over {a.N} of {outer} outer folds; 95 % CI {ReportText.Interval(a)}, " +
              "two-sided Student-t with Nadeau and Bengio's correction for overlapping training sets)."
            : $"Nested estimate: none yet (no outer fold has scored its chosen trial; {outer} outer folds).";
        string how = $" Each outer fold chose the trial with the best mean accuracy over {nested.InnerK} inner folds of its own training part, " +
                     "then scored that trial on its test part, which chose nothing: this estimates the whole procedure of choosing a trial by cross-validation.";
        string optimism = nested.NestedOptimism is double d && nested.PlainBestAccuracy is double plain
            ? $" The best trial's own cross-validation mean is {ReportFormat.Percent(plain)}" +
              (d > 0 ? $", {ReportFormat.Points(d)} above it: the optimism of choosing a trial on the folds that score it."
                     : $" ({ReportFormat.Points(d)}): no optimism shows here (with few trials or folds, chance can hide it).")
            : "";
        return estimate + how + optimism;
    }

    /// <summary>The outer folds table's column headings.</summary>
    public static IReadOnlyList<string> OuterColumns { get; } = ["Outer fold", "Chosen trial", "Inner accuracy", "Outer test accuracy", "Outer test loss"];

    /// <summary>One outer fold as cells, in <see cref="OuterColumns"/> order.</summary>
    public static IReadOnlyList<string> OuterRow(NestedOuterFold f, bool repeats) =>
        [Fold(f.Repeat, f.Fold, repeats),
         f.ChosenLabel is { } label ? (f.Competed < f.Trials ? $"{label} (of {f.Competed} trials with every inner fold done)" : label) : "– (inner folds not done)",
         f.InnerAccuracy is double inner ? ReportFormat.Percent(inner) : "–",
         f.OuterAccuracy is double accuracy ? ReportFormat.Percent(accuracy) : "–",
         f.OuterLoss is double loss ? ReportFormat.Loss(loss) : "–"];

    /// <summary>The inner table's column headings: the trial, one column per outer fold, and how often it was chosen.</summary>
    public static IReadOnlyList<string> InnerColumns(NestedReport nested)
    {
        bool repeats = nested.OuterFolds.Any(f => f.Repeat > 0);
        return ["Trial", .. nested.OuterFolds.Select(f => $"Outer {Fold(f.Repeat, f.Fold, repeats)}"), "Chosen"];
    }

    /// <summary>One trial's inner means as cells (a chosen cell marked with *), in <see cref="InnerColumns"/> order.</summary>
    public static IReadOnlyList<string> InnerRow(NestedReport nested, NestedInnerRow row) =>
        [row.Label,
         .. row.InnerAccuracy.Select((m, i) => m is double mean ? ReportFormat.Percent(mean) + (nested.OuterFolds[i].ChosenTrial == row.Trial ? " *" : "") : "–"),
         $"{row.TimesChosen.ToString(CultureInfo.InvariantCulture)} of {nested.OuterFolds.Count}"];

    /// <summary>What the inner table shows, under its heading.</summary>
    public const string InnerNote = "Mean accuracy over the inner folds of each outer fold's training part; * marks the trial that outer fold chose.";

    static string Fold(int repeat, int fold, bool repeats) => repeats
        ? $"{(repeat + 1).ToString(CultureInfo.InvariantCulture)}.{(fold + 1).ToString(CultureInfo.InvariantCulture)}"
        : (fold + 1).ToString(CultureInfo.InvariantCulture);
}
