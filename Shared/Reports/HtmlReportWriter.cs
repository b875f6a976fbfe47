using Crossfold.Core.Data;
using System.Globalization;
using System.Net;
using System.Text;
using Crossfold.Core.Search;
using Crossfold.Reports.Plots;

namespace Crossfold.Reports;

/// <summary>
/// Writes report.html: one self-contained page (inline CSS, plots as inline SVG, no script) with
/// provenance, the main table with the best trial marked and every other trial's significance, robustness
/// to noise when the sweep varies it, what racing did when the sweep raced, the plots, the best trial's error gallery
/// (images as PNG data URIs),
/// and a section per trial with its per-class scores, confusion matrix, folds and mean learning curve.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Draws the plots and writes the page.</summary>
    public static string Write(SweepReport report) => Write(report, ReportPlots.Render(report));

    /// <summary>Writes the page around plots already drawn (so <see cref="ReportFiles"/> draws them once for the PNG files and the page).</summary>
    public static string Write(SweepReport report, IReadOnlyList<RenderedPlot> plots)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine($"<title>Crossfold report: {E(report.Name)}</title>");
        html.AppendLine($"<style>{Css}</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        html.AppendLine($"<h1>Crossfold report: {E(report.Name)}</h1>");
        html.AppendLine($"<p class=\"subtitle\">Sweep <code>{E(report.SweepId)}</code> · {E(report.State)} · {E(report.CrossValidation)}</p>");

        Provenance(html, report);
        MainTable(html, report);
        Robustness(html, report);
        CrossNoise(html, report);
        if (report.Racing is { } racing) Racing(html, report, racing);
        if (report.Nested is { } nested) Nested(html, nested);
        if (report.Refit is { } refit) html.AppendLine($"<h2>Final model</h2>\n<p>{E(ReportText.Refit(refit))}</p>");
        Plots(html, plots);
        if (report.ErrorGallery is { } gallery) Gallery(html, gallery, report.Dataset);
        Machines(html, report);
        foreach (var t in report.Trials) Trial(html, t, report.Dataset.ClassNames);

        html.AppendLine($"<footer>Written by Crossfold {E(report.Provenance.CrossfoldVersion)}.</footer>");
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    static void Provenance(StringBuilder html, SweepReport report)
    {
        var p = report.Provenance;
        var d = report.Dataset;
        html.AppendLine("<section id=\"provenance\">");
        html.AppendLine("<h2>Provenance</h2>");
        html.AppendLine("<dl class=\"facts\">");
        Fact(html, "Sweep file", $"<code>{E(p.SweepFile)}</code>");
        Fact(html, "Sweep file sha256", $"<code>{E(p.SweepFileSha256)}</code>");
        Fact(html, "Seeds", $"sweep {p.Seed}, {p.NoiseSeedText}, folds {p.FoldSeed}; each fold's training seed is in its table");
        Fact(html, "Dataset", $"{E(d.Source)}: {ReportFormat.Count(d.Images)} images {d.ImageSize("×")}, {d.Classes} classes" +
            (d.TestImages is int test ? $", {ReportFormat.Count(test)} test images held out" : ""));
        Fact(html, "Dataset fingerprint", $"<code>{E(d.Fingerprint)}</code>");
        Fact(html, "Cross-validation", E(report.CrossValidation));
        Fact(html, "Crossfold version", E(p.CrossfoldVersion));
        Fact(html, "Started", E(p.Created.ToString("u", CultureInfo.InvariantCulture)));
        if (p.Finished is { } finished)
            Fact(html, "Finished", $"{E(finished.ToString("u", CultureInfo.InvariantCulture))} ({E(ReportFormat.Duration(p.WallSeconds ?? double.NaN))})");
        html.AppendLine("</dl>");
        html.AppendLine("</section>");
    }

    static void Fact(StringBuilder html, string name, string valueHtml) =>
        html.AppendLine($"<dt>{E(name)}</dt><dd>{valueHtml}</dd>");

    static void MainTable(StringBuilder html, SweepReport report)
    {
        html.AppendLine("<section id=\"trials\">");
        html.AppendLine("<h2>Trials</h2>");
        html.AppendLine("<p class=\"note\">Accuracy is the mean over folds ± the population standard deviation (NumPy's default, as the seed notebook reported); " +
            "the sample standard deviation and the 95 % confidence interval of the mean (Student t) follow.</p>");
        html.AppendLine("<div class=\"scroll\"><table class=\"main\">");
        html.AppendLine("<thead><tr><th></th><th>Trial</th><th>Parameters</th><th>Folds</th><th>Accuracy (mean ± std)</th><th>Sample std</th>" +
            "<th>95 % CI (corrected)</th><th>Loss (mean ± std)</th><th>Δ vs best</th><th>Significance against the best</th></tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var t in ReportText.Ranked(report))
        {
            string folds = $"{t.Folds.Count}{(t.FailedFolds.Count > 0 ? $" <span class=\"failed\">({t.FailedFolds.Count} failed)</span>" : "")}" +
                (ReportText.Elimination(report, t) is { } eliminated ? $" <span class=\"eliminated\">({E(eliminated)})</span>" : "");
            string trial = $"<a href=\"#trial-{t.Index}\">{E(t.Label)}</a>";
            html.Append(t.Best ? "<tr class=\"best\">" : "<tr>");
            html.Append($"<td>{(t.Best ? "<span class=\"badge\">best</span>" : "")}</td><td class=\"label\">{trial}</td><td class=\"num\">{ReportFormat.Count(t.Parameters)}</td><td class=\"num\">{folds}</td>");
            if (t.Accuracy is null || t.Loss is null)
                html.Append("<td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td>");
            else
                html.Append($"<td class=\"num\">{E(ReportFormat.MeanStd(t.Accuracy))}</td><td class=\"num\">{E(ReportFormat.Percent(t.Accuracy.SampleStd))}</td>" +
                    $"<td class=\"num\">{E(ReportText.Interval(t.Accuracy))}</td>" +
                    $"<td class=\"num\">{ReportFormat.Loss(t.Loss.Mean)} ± {ReportFormat.Loss(t.Loss.PopulationStd)}</td>");
            html.Append($"<td class=\"num\">{E(ReportText.Difference(t))}</td>");
            html.Append($"<td class=\"significance\">{Verdict(t)}</td>");
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody>");
        html.AppendLine("</table></div>");
        if (report.SelectionCaution is { } caution) html.AppendLine($"<p class=\"caution\"><strong>Caution:</strong> {E(caution)}</p>");
        foreach (var mixed in report.Trials.Where(t => t.NotBitComparable is not null))
            html.AppendLine($"<p class=\"caution\"><strong>{E(BitComparability.Warning(mixed))}</strong></p>");
        html.AppendLine($"<p class=\"note\">{E(ReportText.SignificanceNote(report))}</p>");
        html.AppendLine("</section>");
    }

    static string Verdict(TrialReport t) => t switch
    {
        { Best: true } => "<span class=\"verdict best\">best</span>",
        { AgainstBest: { } s } => (s.PValue is double p ? $"{E(ReportFormat.P(p))}, Holm {E(ReportFormat.PValue(s.HolmPValue ?? double.NaN))}<br>" : "") + $"<span class=\"verdict {s.Verdict switch
        {
            SignificanceVerdict.SignificantlyWorse => "worse",
            SignificanceVerdict.SignificantlyBetter => "better",
            SignificanceVerdict.NotEnoughFolds => "none",
            _ => "same",
        }}\">{E(Significance.Describe(s.Verdict))}</span>",
        _ => "–",
    };

    static void Robustness(StringBuilder html, SweepReport report)
    {
        var tables = ReportText.RobustnessTables(report);
        if (tables.Count == 0) return;
        html.AppendLine("<section id=\"robustness\">");
        html.AppendLine("<h2>Robustness to noise</h2>");
        foreach (var table in tables)
        {
            html.AppendLine($"<p class=\"note\">{E(ReportText.RobustnessNote(table))}</p>");
            html.AppendLine($"<div class=\"scroll\"><table class=\"robustness\" data-noise=\"{E(table.Noise)}\">");
            html.AppendLine("<thead><tr><th>Model</th>" + string.Concat(table.Levels.Select(l => $"<th>{E(ReportText.Level(table.Parameter, l))}</th>")) + "</tr></thead>");
            html.AppendLine("<tbody>");
            foreach (var curve in table.Curves)
                html.AppendLine($"<tr><td class=\"label\">{E(curve.Model)}</td>" +
                    string.Concat(table.Levels.Select(l => $"<td class=\"num\">{E(ReportText.RobustnessCell(curve, l))}</td>")) + "</tr>");
            html.AppendLine("</tbody></table></div>");
        }
        html.AppendLine("</section>");
    }

    static void CrossNoise(StringBuilder html, SweepReport report)
    {
        if (report.CrossNoise is not { Count: > 0 } matrices) return;
        html.AppendLine("<section id=\"cross-noise\">");
        html.AppendLine("<h2>Cross-noise evaluation</h2>");
        foreach (var matrix in matrices)
        {
            html.AppendLine($"<h3>{E(matrix.Model)}</h3>");
            html.AppendLine($"<p class=\"note\">{E(ReportText.CrossNoiseNote(matrix))}</p>");
            html.AppendLine($"<div class=\"scroll\"><table class=\"cross-noise\" data-model=\"{E(matrix.Model)}\">");
            html.AppendLine($"<thead><tr><th>{E(ReportText.CrossNoiseCorner)}</th>" + string.Concat(matrix.TestNoise.Select(n => $"<th>{E(n)}</th>")) + "</tr></thead>");
            html.AppendLine("<tbody>");
            foreach (var row in matrix.Rows)
                html.AppendLine($"<tr><td class=\"label\">{E(row.TrainNoise)}</td>" +
                    string.Concat(row.Cells.Select(c => $"<td class=\"num\">{E(ReportText.CrossNoiseCell(c))}</td>")) + "</tr>");
            html.AppendLine("</tbody></table></div>");
        }
        html.AppendLine("</section>");
    }

    static void Racing(StringBuilder html, SweepReport report, RacingSummary racing)
    {
        html.AppendLine("<section id=\"racing\">");
        html.AppendLine("<h2>Racing</h2>");
        html.AppendLine($"<p>{E(ReportText.RacingNote(racing))}</p>");
        if (racing.Eliminated.Count == 0)
            html.AppendLine($"<p>{E(ReportText.NoneEliminated)}</p>");
        else
        {
            html.AppendLine("<div class=\"scroll\"><table class=\"racing\"><thead><tr>" + string.Concat(ReportText.RacingColumns.Select(c => $"<th>{E(c)}</th>")) + "</tr></thead><tbody>");
            foreach (var e in racing.Eliminated)
            {
                var cells = ReportText.RacingRow(report, e);
                html.AppendLine($"<tr><td class=\"label\"><a href=\"#trial-{e.Trial}\">{E(cells[0])}</a></td><td class=\"num\">{E(cells[1])}</td>" +
                    $"<td class=\"num\">{E(cells[2])}</td><td class=\"label\"><a href=\"#trial-{e.Leader}\">{E(cells[3])}</a></td><td class=\"num\">{E(cells[4])}</td></tr>");
            }
            html.AppendLine("</tbody></table></div>");
        }
        html.AppendLine("</section>");
    }

    static void Nested(StringBuilder html, NestedReport nested)
    {
        html.AppendLine("<section id=\"nested\">");
        html.AppendLine("<h2>Nested cross-validation</h2>");
        html.AppendLine($"<p>{E(NestedText.Note(nested))}</p>");
        bool repeats = nested.OuterFolds.Any(f => f.Repeat > 0);
        html.AppendLine("<div class=\"scroll\"><table class=\"nested\"><thead><tr>" + string.Concat(NestedText.OuterColumns.Select(c => $"<th>{E(c)}</th>")) + "</tr></thead><tbody>");
        foreach (var fold in nested.OuterFolds)
        {
            var cells = NestedText.OuterRow(fold, repeats);
            string chosen = fold.ChosenTrial is int t ? $"<a href=\"#trial-{t}\">{E(cells[1])}</a>" : E(cells[1]);
            html.AppendLine($"<tr><td class=\"num\">{E(cells[0])}</td><td class=\"label\">{chosen}</td>" +
                string.Concat(cells.Skip(2).Select(c => $"<td class=\"num\">{E(c)}</td>")) + "</tr>");
        }
        html.AppendLine("</tbody></table></div>");
        html.AppendLine("<h3>Inner cross-validation</h3>");
        html.AppendLine($"<p class=\"note\">{E(NestedText.InnerNote)}</p>");
        html.AppendLine("<div class=\"scroll\"><table class=\"nested-inner\"><thead><tr>" + string.Concat(NestedText.InnerColumns(nested).Select(c => $"<th>{E(c)}</th>")) + "</tr></thead><tbody>");
        foreach (var row in nested.InnerTable)
        {
            var cells = NestedText.InnerRow(nested, row);
            html.AppendLine($"<tr><td class=\"label\"><a href=\"#trial-{row.Trial}\">{E(cells[0])}</a></td>" + string.Concat(cells.Skip(1).Select(c => $"<td class=\"num\">{E(c)}</td>")) + "</tr>");
        }
        html.AppendLine("</tbody></table></div>");
        html.AppendLine("</section>");
    }

    static void Plots(StringBuilder html, IReadOnlyList<RenderedPlot> plots)
    {
        if (plots.Count == 0) return;
        html.AppendLine("<section id=\"plots\">");
        html.AppendLine("<h2>Plots</h2>");
        foreach (var plot in plots)
        {
            html.AppendLine($"<figure id=\"{E(Path.GetFileNameWithoutExtension(plot.Plot.FileName))}\" role=\"img\" aria-label=\"{E(plot.Plot.Title)}\">");
            html.AppendLine(plot.Svg);
            html.AppendLine($"<figcaption><strong>{E(plot.Plot.Title)}.</strong> {E(plot.Plot.Caption)}</figcaption>");
            html.AppendLine("</figure>");
        }
        html.AppendLine("</section>");
    }

    static void Gallery(StringBuilder html, ErrorGallery g, DatasetReport dataset)
    {
        var names = dataset.ClassNames;
        html.AppendLine("<section id=\"error-gallery\">");
        html.AppendLine("<h2>Error gallery</h2>");
        // Folds carry one plane per image (see GalleryPicker.Build), so a colour dataset's gallery is grey.
        string plane = dataset.Channels == 1 ? "" : $" Their first of {dataset.Channels} channels only, in grey.";
        html.AppendLine($"<p class=\"note\">{E(ReportText.GalleryNote(g))} Images as the model saw them, noise included.{plane}</p>");
        html.AppendLine("<div class=\"gallery mistakes\">");
        foreach (var e in g.Mistakes)
            GalleryImage(html, g, e, "mistake", ReportText.GalleryCaption(e, names), $"index {e.Index} · repeat {e.Repeat + 1}, fold {e.Fold + 1}");
        html.AppendLine("</div>");
        if (g.Examples.Count > 0)
        {
            html.AppendLine("<h3>Correctly classified, per class</h3>");
            html.AppendLine($"<p class=\"note\">Up to {ErrorGalleries.ExamplesPerClass} of the best trial's most confident correct images per class, with their probability.</p>");
            foreach (var row in g.Examples.GroupBy(e => e.TrueClass))
            {
                html.AppendLine($"<div class=\"gallery examples\"><div class=\"class-name\">{E(ClassNames.Of(names, row.Key))}</div>");
                foreach (var e in row)
                    GalleryImage(html, g, e, "example", ReportFormat.Probability(e.Probability), $"index {e.Index} · repeat {e.Repeat + 1}, fold {e.Fold + 1}");
                html.AppendLine("</div>");
            }
        }
        html.AppendLine("</section>");
    }

    /// <summary>One gallery image as a PNG data URI (no request leaves the page), drawn at least 84 pixels wide with its pixels kept square.</summary>
    static void GalleryImage(StringBuilder html, ErrorGallery g, GalleryEntry e, string kind, string caption, string where)
    {
        html.Append($"<figure class=\"{kind}\" data-index=\"{e.Index}\">");
        if (e.Pixels is { } pixels)
        {
            int scale = Math.Max(1, 84 / Math.Max(g.Height, g.Width));
            html.Append($"<img src=\"data:image/png;base64,{Convert.ToBase64String(GrayPng.Encode(pixels, g.Height, g.Width))}\" " +
                $"width=\"{g.Width * scale}\" height=\"{g.Height * scale}\" alt=\"{E(caption)}\">");
        }
        html.AppendLine($"<figcaption>{E(caption)}<br><span class=\"where\">{E(where)}</span></figcaption></figure>");
    }

    static void Machines(StringBuilder html, SweepReport report)
    {
        var machines = ReportText.Machines(report);
        if (machines.Count == 0) return;
        html.AppendLine("<section id=\"machines\">");
        html.AppendLine("<h2>Where the folds ran</h2>");
        html.AppendLine("<table><thead><tr><th>Node</th><th>Device</th><th>Folds</th><th>Training time</th></tr></thead><tbody>");
        foreach (var m in machines)
            html.AppendLine($"<tr><td>{E(m.Node)}</td><td>{E(m.Device)}</td><td class=\"num\">{m.Folds}</td><td class=\"num\">{E(ReportFormat.Duration(m.Seconds))}</td></tr>");
        html.AppendLine("</tbody></table>");
        html.AppendLine("</section>");
    }

    static void Trial(StringBuilder html, TrialReport t, IReadOnlyList<string>? names)
    {
        html.AppendLine($"<section class=\"trial\" id=\"trial-{t.Index}\">");
        html.AppendLine($"<h2>Trial {t.Index}: {E(t.Label)}{(t.Best ? " <span class=\"badge\">best</span>" : "")}</h2>");
        html.AppendLine("<ul class=\"facts\">");
        html.AppendLine($"<li>Architecture <code>{E(t.Architecture)}</code>: {E(t.Layers)} ({E(ReportText.Parameters(t))})</li>");
        html.AppendLine($"<li>Noise: {E(t.Noise)}</li>");
        html.AppendLine($"<li>Training: {E(ReportText.Training(t.Training))}</li>");
        if (t.Accuracy is { } accuracy)
            html.AppendLine($"<li>Accuracy {E(ReportFormat.MeanStd(accuracy))} over {accuracy.N} folds (range {E(ReportFormat.Percent(accuracy.Min))} – {E(ReportFormat.Percent(accuracy.Max))})</li>");
        if (t.AgainstBest is { } s)
            html.AppendLine($"<li>Against the best trial ({s.PairedFolds} paired folds): {E(ReportText.ComparisonDetail(s))}</li>");
        html.AppendLine("</ul>");

        if (t.ClassMetrics is { } classes)
        {
            html.AppendLine("<div class=\"pair\">");
            html.AppendLine("<div>");
            html.AppendLine("<h3>Per class</h3>");
            html.AppendLine($"<p class=\"note\">From the confusion matrix summed over the {t.Folds.Count} finished folds: {ReportFormat.Count(classes.Total)} validation images, " +
                $"pooled accuracy {E(ReportFormat.Percent(classes.Accuracy))}.</p>");
            html.AppendLine("<table class=\"classes\"><thead><tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr></thead><tbody>");
            foreach (var c in classes.Classes)
                html.AppendLine($"<tr><td class=\"num\">{E(ClassNames.Of(names, c.Class))}</td><td class=\"num\">{ReportFormat.Fraction(c.Precision)}</td><td class=\"num\">{ReportFormat.Fraction(c.Recall)}</td>" +
                    $"<td class=\"num\">{ReportFormat.Fraction(c.F1)}</td><td class=\"num\">{ReportFormat.Count(c.Support)}</td></tr>");
            html.AppendLine($"<tr class=\"total\"><td>macro average</td><td class=\"num\">{ReportFormat.Fraction(classes.MacroPrecision)}</td>" +
                $"<td class=\"num\">{ReportFormat.Fraction(classes.MacroRecall)}</td><td class=\"num\">{ReportFormat.Fraction(classes.MacroF1)}</td>" +
                $"<td class=\"num\">{ReportFormat.Count(classes.Total)}</td></tr>");
            html.AppendLine("</tbody></table>");
            html.AppendLine("</div>");
            html.AppendLine("<div>");
            html.AppendLine("<h3>Confusion matrix</h3>");
            html.AppendLine("<p class=\"note\">Rows: true class; columns: predicted class; summed over folds. Shade: share of the row (square-root scale).</p>");
            ConfusionTable(html, t.Confusion, classes, names);
            html.AppendLine("</div>");
            html.AppendLine("</div>");
        }

        html.AppendLine("<h3>Folds</h3>");
        html.AppendLine("<div class=\"scroll\"><table class=\"folds\"><thead><tr><th>Repeat</th><th>Fold</th><th>Accuracy</th><th>Loss</th><th>Best epoch</th><th>Epochs</th>" +
            "<th>Train / validation / test images</th><th>Time</th><th>Node</th><th>Device</th><th>Attempts</th><th>Training seed</th></tr></thead><tbody>");
        foreach (var f in t.Folds)
            html.AppendLine($"<tr><td class=\"num\">{f.Repeat + 1}</td><td class=\"num\">{f.Fold + 1}</td><td class=\"num\">{E(ReportFormat.Percent(f.Accuracy))}</td>" +
                $"<td class=\"num\">{ReportFormat.Loss(f.Loss)}</td><td class=\"num\">{f.BestEpoch}</td><td class=\"num\">{f.EpochsRun}</td>" +
                $"<td class=\"num\">{ReportFormat.Count(f.TrainImages)} / {ReportFormat.Count(f.ValidationImages)} / {ReportFormat.Count(f.TestImages)}</td><td class=\"num\">{E(ReportFormat.Duration(f.Seconds))}</td>" +
                $"<td>{E(f.Node)}</td><td>{E(ReportText.Device(f))}</td><td class=\"num\">{f.Attempts}</td><td class=\"num\"><code>{f.TrainSeed}</code></td></tr>");
        foreach (var f in t.FailedFolds)
            html.AppendLine($"<tr class=\"failed\"><td class=\"num\">{f.Repeat + 1}</td><td class=\"num\">{f.Fold + 1}</td><td colspan=\"8\" class=\"error\">failed: {E(f.Error)}</td>" +
                $"<td class=\"num\">{f.Attempts}</td><td></td></tr>");
        html.AppendLine("</tbody></table></div>");

        if (t.LearningCurve.Count > 0)
        {
            html.AppendLine($"<details><summary>Mean learning curve ({t.LearningCurve.Count} epochs)</summary>");
            html.AppendLine($"<p class=\"note\">{E(ReportText.LearningCurveNote(t))}</p>");
            html.AppendLine("<table class=\"curve\"><thead><tr><th>Epoch</th><th>Folds</th><th>Train loss</th><th>Train accuracy</th><th>Validation loss</th><th>Validation accuracy</th><th>Test loss</th><th>Test accuracy</th></tr></thead><tbody>");
            foreach (var e in t.LearningCurve)
                html.AppendLine($"<tr><td class=\"num\">{e.Epoch}</td><td class=\"num\">{e.Folds}</td><td class=\"num\">{ReportFormat.Loss(e.TrainLoss)}</td>" +
                    $"<td class=\"num\">{E(ReportFormat.Percent(e.TrainAccuracy))}</td><td class=\"num\">{ReportFormat.Loss(e.ValidationLoss)}</td>" +
                    $"<td class=\"num\">{E(ReportFormat.Percent(e.ValidationAccuracy))}</td><td class=\"num\">{ReportFormat.Loss(e.TestLoss)}</td>" +
                    $"<td class=\"num\">{E(ReportFormat.Percent(e.TestAccuracy))}</td></tr>");
            html.AppendLine("</tbody></table>");
            html.AppendLine("</details>");
        }
        html.AppendLine("</section>");
    }

    static void ConfusionTable(StringBuilder html, int[] confusion, ClassificationReport classes, IReadOnlyList<string>? names)
    {
        int n = classes.Classes.Count;
        html.AppendLine("<table class=\"confusion\"><thead><tr><th title=\"rows: true class, columns: predicted class\">true \\ pred.</th>" +
            string.Concat(Enumerable.Range(0, n).Select(c => $"<th>{E(ClassNames.Of(names, c))}</th>")) + "</tr></thead><tbody>");
        for (int actual = 0; actual < n; actual++)
        {
            double support = Math.Max(1, classes.Classes[actual].Support);
            html.Append($"<tr><th>{E(ClassNames.Of(names, actual))}</th>");
            for (int predicted = 0; predicted < n; predicted++)
            {
                int count = confusion[actual * n + predicted];
                // The square root of the share, as in the heatmap, so that a 1 % confusion still shows.
                double shade = Math.Sqrt(count / support);
                string style = count == 0 ? "" :
                    $" style=\"background:rgba(8,81,156,{shade.ToString("0.###", CultureInfo.InvariantCulture)}){(shade > 0.6 ? ";color:#fff" : "")}\"";
                html.Append($"<td class=\"num{(actual == predicted ? " diagonal" : count == 0 ? " zero" : "")}\"{style}>{count}</td>");
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    static string E(string text) => WebUtility.HtmlEncode(text);

    const string Css = """

        body { font-family: "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #24292f; background: #fff;
               max-width: 1280px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.45; font-size: 15px; }
        h1 { font-size: 1.7rem; margin-bottom: .2rem; }
        h2 { font-size: 1.3rem; margin-top: 2.2rem; padding-bottom: .3rem; border-bottom: 1px solid #d0d7de; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
        .subtitle, .note, footer { color: #57606a; }
        .note { font-size: .9rem; max-width: 60rem; }
        .caution { max-width: 60rem; border-left: 4px solid #d4a72c; padding-left: .6rem; }
        code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .88em; background: #f6f8fa; padding: 0 .25em; border-radius: 3px; word-break: break-all; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        ul.facts { padding-left: 1.2rem; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .88rem; }
        th, td { border: 1px solid #d0d7de; padding: .28rem .55rem; vertical-align: top; }
        thead th { background: #f6f8fa; text-align: left; }
        table.main { font-size: .84rem; }
        table.main td.label { min-width: 10rem; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.best td { background: #e6f4ea; font-weight: 600; }
        tr.total td { font-weight: 600; background: #f6f8fa; }
        tr.failed td { color: #b42318; }
        .failed { color: #b42318; }
        .eliminated { color: #57606a; font-style: italic; }
        .badge { display: inline-block; background: #1a7f37; color: #fff; border-radius: 9px; padding: 0 .5em; font-size: .8em; font-weight: 600; }
        .verdict { white-space: nowrap; }
        .verdict.worse { color: #b42318; font-weight: 600; }
        .verdict.better { color: #1a7f37; font-weight: 600; }
        .verdict.same { color: #57606a; }
        .verdict.none { color: #57606a; font-style: italic; }
        .verdict.best { color: #1a7f37; font-weight: 600; }
        figure { margin: 1.2rem 0 2rem; }
        figure svg { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
        figcaption { color: #57606a; font-size: .9rem; max-width: 60rem; margin-top: .35rem; }
        .pair { display: grid; grid-template-columns: repeat(2, max-content); justify-content: start; align-items: start; gap: 0 2.5rem; }
        .pair .note { max-width: 26rem; }
        @media (max-width: 1000px) { .pair { grid-template-columns: max-content; } }
        table.folds td { white-space: nowrap; }
        table.folds td.error { white-space: normal; }
        table.confusion th { text-align: center; }
        table.confusion td { min-width: 2.4em; }
        table.confusion td.diagonal { font-weight: 700; }
        table.confusion td.zero { color: #8c959f; }
        .gallery { display: flex; flex-wrap: wrap; gap: .6rem; align-items: flex-start; margin: .4rem 0 .8rem; }
        .gallery figure { margin: 0; width: 8.5rem; }
        .gallery img { image-rendering: pixelated; border: 1px solid #d0d7de; display: block; }
        .gallery figcaption { font-size: .78rem; margin-top: .2rem; }
        .gallery .where { color: #57606a; }
        .gallery .class-name { width: 6rem; font-weight: 600; align-self: center; }
        details { margin: .4rem 0 1rem; }
        summary { cursor: pointer; font-weight: 600; }
        footer { margin: 3rem 0 1rem; font-size: .85rem; border-top: 1px solid #d0d7de; padding-top: .6rem; }

        """;
}
