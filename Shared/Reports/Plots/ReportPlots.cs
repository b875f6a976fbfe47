using Crossfold.Core.Data;
using ScottPlot;

namespace Crossfold.Reports.Plots;

/// <summary>A plot the report has: its file name (beside report.md), title and the caption that explains it.</summary>
public sealed record ReportPlot(string FileName, string Title, string Caption);

/// <summary>A plot drawn twice: PNG for the files beside report.md, SVG for report.html (crisp at any zoom).</summary>
public sealed record RenderedPlot(ReportPlot Plot, byte[] Png, string Svg);

/// <summary>
/// The report's plots, drawn with ScottPlot as PNG and SVG: fold accuracies per trial, mean test-fold-accuracy
/// learning curves, the best trial's confusion matrix, robustness curves when the sweep varies noise, the cross-noise
/// matrices with <c>evaluate.noise</c>, and a random
/// search's history. A plot with nothing to show (no finished fold,
/// no epoch history, no confusion counts) is left out, by <see cref="Planned"/> and <see cref="Render"/> alike.
/// </summary>
public static class ReportPlots
{
    public const string FoldAccuracyFile = "fold-accuracy.png", LearningCurvesFile = "learning-curves.png", ConfusionBestFile = "confusion-best.png",
        RobustnessFile = "robustness.png", SearchHistoryFile = "search-history.png", CrossNoiseFile = "cross-noise.png";

    /// <summary>Every plot file a report can have, so a report can remove those an earlier one left.</summary>
    public static readonly IReadOnlyList<string> Files = [FoldAccuracyFile, LearningCurvesFile, ConfusionBestFile, RobustnessFile, CrossNoiseFile, SearchHistoryFile];

    static readonly Color Ink = Color.FromHex("#24292f"), Grid = Color.FromHex("#d0d7de");

    /// <summary>The plots <paramref name="report"/> has data for, in the order the reports show them.</summary>
    public static IReadOnlyList<ReportPlot> Planned(SweepReport report)
    {
        var plots = new List<ReportPlot>();
        var ranked = Ranked(report);
        if (ranked.Count > 0)
            plots.Add(new ReportPlot(FoldAccuracyFile, "Fold accuracies",
                "Test-fold accuracy of every fold (dots), per trial, best trial on top. The box spans the middle half of the folds, " +
                "the thick line is the median, the whiskers reach the lowest and highest fold, the diamond is the mean."));
        if (ranked.Any(t => t.LearningCurve.Count > 0))
            plots.Add(new ReportPlot(LearningCurvesFile, "Learning curves",
                "Mean test-fold accuracy per epoch (logged for learning curves; the epoch is chosen on the validation split), per trial. Each epoch averages the folds that reached it: where early stopping " +
                "ended some folds sooner, the line turns dashed and averages fewer folds (the tables give the count per epoch)."));
        if (BestTrial(report) is { ClassMetrics: not null } best)
            plots.Add(new ReportPlot(ConfusionBestFile, "Confusion matrix of the best trial",
                $"Test-fold predictions of {best.Label}, summed over its {best.Folds.Count} folds: rows are the true class, " +
                "columns the predicted class, each cell gives the count; the shade is the share of the true class's images (square-root scale, so small confusions show)."));
        if (report.Robustness is { Count: > 0 })
            plots.Add(new ReportPlot(RobustnessFile, "Robustness to noise",
                "Mean accuracy over folds of each model against the noise level it was trained and tested at (0 is clean images), " +
                "one line per model and noise kind; the band spans the mean ± the population standard deviation over folds."));
        if (report.CrossNoise is { Count: > 0 })
            plots.Add(new ReportPlot(CrossNoiseFile, "Cross-noise evaluation",
                "Mean accuracy over folds of each model (row groups) trained with the noise of its row and scored on its test folds under the " +
                "noise of each column (evaluate.noise); each cell gives mean ± population standard deviation over folds, the shade the mean."));
        if (report.SearchHistory is { Count: > 0 } history)
            plots.Add(new ReportPlot(SearchHistoryFile, "Search history",
                "Mean test-fold accuracy of each trial in the order the search proposed it (dots) and the best mean so far (the step line)" +
                (history.Any(p => p.Eliminated) ? "; hollow dots are trials racing eliminated, whose mean covers only the folds they ran and never counts as the best." : ".")));
        return plots;
    }

    /// <summary>Draws every plot of <see cref="Planned"/>, each once, as PNG and SVG.</summary>
    public static IReadOnlyList<RenderedPlot> Render(SweepReport report) => Planned(report).Select(plot =>
    {
        var (drawn, width, height) = Draw(report, plot.FileName);
        return new RenderedPlot(plot, drawn.GetImageBytes(width, height, ImageFormat.Png), Inline(drawn.GetSvgHtml(width, height), width, height));
    }).ToList();

    /// <summary>
    /// ScottPlot's SVG made fit for inline use in HTML: no XML declaration, no namespace URLs (HTML's parser
    /// knows SVG's, and the page then names no URL at all), and a viewBox so CSS can scale it down on narrow screens.
    /// </summary>
    internal static string Inline(string svg, int width, int height)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        int close = svg.IndexOf('>', start);
        return $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">" + svg[(close + 1)..].Trim();
    }

    /// <summary>Draws the plot named <paramref name="fileName"/> as PNG; null when the report has no such plot or no data for it.</summary>
    public static byte[]? RenderFile(SweepReport report, string fileName)
    {
        if (Planned(report).All(p => p.FileName != fileName)) return null;
        var (drawn, width, height) = Draw(report, fileName);
        return drawn.GetImageBytes(width, height, ImageFormat.Png);
    }

    static (Plot Plot, int Width, int Height) Draw(SweepReport report, string fileName) => fileName switch
    {
        FoldAccuracyFile => FoldAccuracy(report),
        LearningCurvesFile => (LearningCurves(report), 1100, 560),
        ConfusionBestFile => (Confusion(BestTrial(report)!, report.Dataset.ClassNames), 760, 660),
        RobustnessFile => (RobustnessCurves(report.Robustness!), 1100, 560),
        CrossNoiseFile => CrossNoiseHeatmap(report.CrossNoise!),
        SearchHistoryFile => (SearchHistoryPlot(report.SearchHistory!), 1100, 560),
        _ => throw new ArgumentOutOfRangeException(nameof(fileName), fileName, "not a plot of this report"),
    };

    /// <summary>Fold accuracies as a horizontal box plot with every fold drawn as a dot: one row per trial, best on top.</summary>
    static (Plot, int Width, int Height) FoldAccuracy(SweepReport report)
    {
        var ranked = Ranked(report);
        var plot = NewPlot("Test-fold accuracy per fold");
        int rows = ranked.Count;
        var ticks = new List<Tick>();
        for (int rank = 0; rank < rows; rank++)
        {
            var trial = ranked[rank];
            double y = rows - 1 - rank;
            var color = TrialColor(rank);
            var accuracies = trial.Folds.Select(f => f.Accuracy * 100).OrderBy(a => a).ToArray();
            double q1 = Quantile(accuracies, 0.25), median = Quantile(accuracies, 0.5), q3 = Quantile(accuracies, 0.75);

            var whisker = plot.Add.Line(accuracies[0], y, accuracies[^1], y);
            whisker.LineColor = color;
            whisker.LineWidth = 1.5f;
            var box = plot.Add.Rectangle(q1, q3, y - 0.28, y + 0.28);
            box.FillColor = color.WithAlpha(0.18);
            box.LineColor = color;
            box.LineWidth = 1.5f;
            var mid = plot.Add.Line(median, y - 0.28, median, y + 0.28);
            mid.LineColor = color;
            mid.LineWidth = 3;

            // Every fold as a dot, spread vertically by a fixed pattern (not random) so equal scores stay visible.
            var xs = trial.Folds.Select(f => f.Accuracy * 100).ToArray();
            var ys = trial.Folds.Select((_, i) => y + Jitter(i)).ToArray();
            var dots = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 7, color);
            dots.MarkerLineColor = Colors.White;
            plot.Add.Marker(trial.Accuracy!.Mean * 100, y, MarkerShape.FilledDiamond, 11, Ink);

            ticks.Add(new Tick(y, Shorten(trial.Label, 46) + (trial.Best ? "  (best)" : ""), isMajor: true));
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        double low = ranked.Min(t => t.Folds.Min(f => f.Accuracy)) * 100, high = ranked.Max(t => t.Folds.Max(f => f.Accuracy)) * 100;
        double pad = Math.Max((high - low) * 0.06, 0.1);
        plot.Axes.SetLimits(low - pad, high + pad, -0.7, rows - 0.3);
        plot.XLabel("Test-fold accuracy (%)");
        plot.Grid.YAxisStyle.IsVisible = false;
        return (plot, 1000, 130 + 64 * rows);
    }

    /// <summary>
    /// Mean test-fold accuracy per epoch, one line per trial: solid while every fold is still training,
    /// dashed once early stopping has ended some of them.
    /// </summary>
    static Plot LearningCurves(SweepReport report)
    {
        var ranked = Ranked(report);
        var plot = NewPlot("Mean test-fold accuracy per epoch");
        bool anyDashed = false;
        for (int rank = 0; rank < ranked.Count; rank++)
        {
            var curve = ranked[rank].LearningCurve;
            if (curve.Count == 0) continue;
            var color = TrialColor(rank);
            int all = curve.Max(p => p.Folds);
            // The full part runs up to the last epoch every fold reached; the thinned part continues from there.
            int full = curve.TakeWhile(p => p.Folds == all).Count();
            var solid = plot.Add.ScatterLine(
                curve.Take(full).Select(p => (double)p.Epoch).ToArray(),
                curve.Take(full).Select(p => p.TestAccuracy * 100).ToArray(), color);
            solid.LineWidth = 2;
            solid.MarkerSize = curve.Count <= 30 ? 5 : 0;
            solid.LegendText = Shorten(ranked[rank].Label, 40) + (ranked[rank].Best ? " (best)" : "");
            if (full < curve.Count)
            {
                anyDashed = true;
                var rest = curve.Skip(Math.Max(full - 1, 0)).ToList();
                var dashed = plot.Add.ScatterLine(
                    rest.Select(p => (double)p.Epoch).ToArray(), rest.Select(p => p.TestAccuracy * 100).ToArray(), color);
                dashed.LineWidth = 2;
                dashed.LinePattern = LinePattern.Dashed;
                dashed.MarkerSize = 0;
            }
        }
        if (anyDashed)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = "dashed: fewer folds (early stopping)",
                LineColor = Colors.Gray, LineWidth = 2, LinePattern = LinePattern.Dashed,
            });
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("Epoch");
        plot.YLabel("Test-fold accuracy (%)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// Accuracy against noise level, one line per robustness curve with a band of ± the population
    /// standard deviation over folds; colours follow the curves' order.
    /// </summary>
    static Plot RobustnessCurves(IReadOnlyList<RobustnessCurve> curves)
    {
        var plot = NewPlot("Accuracy under noise");
        bool severalKinds = curves.Select(c => c.Noise).Distinct().Count() > 1;
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var color = TrialColor(i);
            double[] levels = curve.Points.Select(p => p.Level).ToArray();
            var band = plot.Add.FillY(levels,
                curve.Points.Select(p => (p.Mean - p.Std) * 100).ToArray(),
                curve.Points.Select(p => (p.Mean + p.Std) * 100).ToArray());
            band.FillColor = color.WithAlpha(0.15);
            band.LineColor = Colors.Transparent;
            var line = plot.Add.ScatterLine(levels, curve.Points.Select(p => p.Mean * 100).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = Shorten(curve.Model, 40) + (severalKinds ? $" ({curve.Noise})" : "");
        }
        plot.XLabel(string.Join(" / ", curves.Select(c => $"{c.Noise} {c.Parameter}").Distinct()));
        plot.YLabel("Accuracy (%)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// Every cross-noise matrix as one heatmap: a row per (model, training noise), models one under another, a column per
    /// evaluation noise; the shade is the mean accuracy over the whole plot's range, each cell labelled mean ± std.
    /// </summary>
    static (Plot, int Width, int Height) CrossNoiseHeatmap(IReadOnlyList<CrossNoiseMatrix> matrices)
    {
        var rows = matrices.SelectMany(m => m.Rows.Select(r => (m.Model, Row: r))).ToList();
        var columns = matrices[0].TestNoise;
        var means = new double[rows.Count, columns.Count];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < columns.Count; j++)
                means[i, j] = rows[i].Row.Cells[j].Mean * 100 ?? double.NaN;
        var known = means.Cast<double>().Where(double.IsFinite).ToList();
        double low = known.Count > 0 ? known.Min() : 0, high = known.Count > 0 ? known.Max() : 100;

        var plot = NewPlot("Accuracy: trained on (rows) x tested on (columns)");
        var heatmap = plot.Add.Heatmap(means);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // A range of at least one point, so equal means do not divide by zero.
        heatmap.ManualRange = new ScottPlot.Range(low, Math.Max(high, low + 1));
        // Row 0 of the data is drawn at the top: cell (i, j) is centred at (j, rows - 1 - i).
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < columns.Count; j++)
            {
                var cell = rows[i].Row.Cells[j];
                var text = plot.Add.Text(ReportText.CrossNoiseCell(cell).Replace(" ± ", "\n± "), j, rows.Count - 1 - i);
                text.LabelFontName = PlotFont.Name;
                text.LabelFontSize = 12;
                text.LabelAlignment = Alignment.MiddleCenter;
                // Viridis is dark at its low end: light text there, dark text on the yellow-green top.
                text.LabelFontColor = cell.Mean is double m && (m * 100 - low) / Math.Max(high - low, 1e-9) < 0.6 ? Colors.White : Ink;
            }
        var xs = Enumerable.Range(0, columns.Count).Select(j => (double)j).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, columns.Select(c => Shorten(c, 24)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(),
            rows.Select(r => matrices.Count > 1 ? $"{Shorten(r.Model, 28)} | {Shorten(r.Row.TrainNoise, 24)}" : Shorten(r.Row.TrainNoise, 24)).ToArray());
        plot.Axes.SetLimits(-0.5, columns.Count - 0.5, -0.5, rows.Count - 0.5);
        plot.Grid.IsVisible = false;
        plot.XLabel("Tested on (evaluate.noise)");
        plot.YLabel(matrices.Count > 1 ? "Model | trained on" : $"{matrices[0].Model}: trained on");
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "mean accuracy (%)";
        bar.LabelStyle.FontName = PlotFont.Name;
        bar.Axis.TickLabelStyle.FontName = PlotFont.Name;
        return (plot, Math.Max(760, 260 + 150 * columns.Count), 180 + 70 * rows.Count);
    }

    /// <summary>
    /// A search's history: every trial's mean accuracy against its place in the proposal order, filled for
    /// trials that ran to the end and hollow for those racing eliminated, under the best mean so far as a step line.
    /// </summary>
    static Plot SearchHistoryPlot(IReadOnlyList<SearchHistoryPoint> history)
    {
        var plot = NewPlot("Search history");
        var color = TrialColor(0);
        var kept = history.Where(p => !p.Eliminated).ToList();
        var dropped = history.Where(p => p.Eliminated).ToList();
        if (kept.Count > 0)
        {
            var dots = plot.Add.Markers(kept.Select(p => (double)p.Trial).ToArray(), kept.Select(p => p.Mean * 100).ToArray(), MarkerShape.FilledCircle, 9, color);
            dots.LegendText = "trial (mean over folds)";
        }
        if (dropped.Count > 0)
        {
            var hollow = plot.Add.Markers(dropped.Select(p => (double)p.Trial).ToArray(), dropped.Select(p => p.Mean * 100).ToArray(), MarkerShape.OpenCircle, 9, color);
            hollow.MarkerLineWidth = 2;
            hollow.LegendText = "eliminated by racing (its folds so far)";
        }
        var best = history.Where(p => p.BestSoFar is not null).ToList();
        if (best.Count > 0)
        {
            // Carried on to the last trial, so the line shows how long the best stood.
            var xs = best.Select(p => (double)p.Trial).Append(history[^1].Trial).ToArray();
            var ys = best.Select(p => p.BestSoFar!.Value * 100).Append(best[^1].BestSoFar!.Value * 100).ToArray();
            var step = plot.Add.ScatterLine(xs, ys, Ink);
            step.ConnectStyle = ConnectStyle.StepHorizontal;
            step.LineWidth = 2;
            step.MarkerSize = 0;
            step.LegendText = "best so far";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("Trial (proposal order)");
        plot.YLabel("Mean test-fold accuracy (%)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// <paramref name="trial"/>'s summed confusion matrix as a heatmap, true class down, predicted class
    /// across, every cell labelled with its count and shaded by its share of the true class. The shade
    /// follows the square root of the share, so that a confusion of 1 % still shows beside a 97 % diagonal.
    /// </summary>
    static Plot Confusion(TrialReport trial, IReadOnlyList<string>? classNames)
    {
        int classes = (int)Math.Round(Math.Sqrt(trial.Confusion.Length));
        var shade = new double[classes, classes];
        var shares = new double[classes, classes];
        for (int actual = 0; actual < classes; actual++)
        {
            double support = Math.Max(1, Enumerable.Range(0, classes).Sum(p => trial.Confusion[actual * classes + p]));
            for (int predicted = 0; predicted < classes; predicted++)
            {
                shares[actual, predicted] = trial.Confusion[actual * classes + predicted] / support;
                shade[actual, predicted] = Math.Sqrt(shares[actual, predicted]);
            }
        }

        var plot = NewPlot($"Confusion matrix: {Shorten(trial.Label, 48)}");
        var heatmap = plot.Add.Heatmap(shade);
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Row 0 of the data is drawn at the top: cell (actual, predicted) is centred at (predicted, classes - 1 - actual).
        float fontSize = classes <= 10 ? 13 : classes <= 20 ? 9 : 7;
        for (int actual = 0; actual < classes; actual++)
            for (int predicted = 0; predicted < classes; predicted++)
            {
                int count = trial.Confusion[actual * classes + predicted];
                var text = plot.Add.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture), predicted, classes - 1 - actual);
                text.LabelFontName = PlotFont.Name;
                text.LabelFontSize = fontSize;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = shade[actual, predicted] > 0.6 ? Colors.White : count == 0 ? Color.FromHex("#8c959f") : Ink;
                text.LabelBold = actual == predicted;
            }

        var positions = Enumerable.Range(0, classes).Select(i => (double)i).ToArray();
        var names = Enumerable.Range(0, classes).Select(i => Shorten(ClassNames.Of(classNames, i), 12)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, names);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions.Reverse().ToArray(), names);
        if (names.Any(n => n.Length > 3))
        {
            // Names wider than a cell lean, so neighbours do not overlap.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }
        plot.Axes.SetLimits(-0.5, classes - 0.5, -0.5, classes - 0.5);
        plot.Grid.IsVisible = false;
        plot.XLabel("Predicted class");
        plot.YLabel("True class");

        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "share of the true class";
        bar.LabelStyle.FontName = PlotFont.Name;
        bar.Axis.TickLabelStyle.FontName = PlotFont.Name;
        double[] barShares = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1];
        bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            barShares.Select(Math.Sqrt).ToArray(),
            barShares.Select(s => (s * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " %").ToArray());
        return plot;
    }

    /// <summary>Trials with at least one finished fold, best first: the order of the report's main table.</summary>
    static IReadOnlyList<TrialReport> Ranked(SweepReport report) =>
        ReportText.Ranked(report).Where(t => t.Accuracy is not null && t.Folds.Count > 0).ToList();

    static TrialReport? BestTrial(SweepReport report) =>
        report.BestTrial is int best ? report.Trials.FirstOrDefault(t => t.Index == best && t.Folds.Count > 0) : null;

    static Plot NewPlot(string title)
    {
        var plot = new Plot();
        PlotFont.Apply(plot);
        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 18;
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Grid.WithAlpha(0.6);
        return plot;
    }

    /// <summary>A colour per rank in the main table, the same in every plot (Category10, repeating after ten).</summary>
    static Color TrialColor(int rank) => new ScottPlot.Palettes.Category10().GetColor(rank);

    /// <summary>A fixed vertical spread for the i-th dot of a row, within ±0.2 (golden-ratio steps never repeat).</summary>
    static double Jitter(int i) => ((i * 0.6180339887) % 1.0 - 0.5) * 0.4;

    /// <summary>The q-quantile of sorted values with linear interpolation (NumPy's default).</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
