using Crossfold.Core.Data;
using Crossfold.Reports;
using Crossfold.Reports.Plots;

namespace Crossfold.Tests.Reports;

/// <summary>Class names from the sweep file name the classes in every table and in the confusion plot.</summary>
public class ClassNamesTests
{
    static SweepReport Named(string[]? names)
    {
        var results = ReportFixture.Results();
        results = results with { Definition = results.Definition with { Dataset = results.Definition.Dataset with { Classes = names } } };
        return ReportBuilder.Build(results);
    }

    [Fact]
    public void Named_classes_replace_the_labels_in_the_per_class_and_confusion_tables()
    {
        var names = ClassNames.Known["fashion-mnist"];
        var report = Named(names);
        Assert.Equal(names, report.Dataset.ClassNames);

        string md = MarkdownReportWriter.Write(report);
        Assert.Contains("| T-shirt/top | ", md);
        Assert.Contains("| true \\ predicted | T-shirt/top | Trouser | Pullover |", md);
        Assert.Contains("| **Ankle boot** | ", md);

        string html = HtmlReportWriter.Write(report);
        Assert.Contains("<th>Ankle boot</th>", html);
        Assert.Contains("<tr><td class=\"num\">Trouser</td>", html);

        Assert.Equal(names, JsonReportWriter.Read(JsonReportWriter.Write(report)).Dataset.ClassNames);
    }

    [Fact]
    public void Without_names_the_tables_keep_the_labels_and_the_confusion_plot_changes_with_names()
    {
        var plain = Named(null);
        Assert.Null(plain.Dataset.ClassNames);
        Assert.Contains("| true \\ predicted | 0 | 1 | 2 |", MarkdownReportWriter.Write(plain));

        byte[] labelled = ReportPlots.RenderFile(Named(ClassNames.Known["fashion-mnist"]), ReportPlots.ConfusionBestFile)!;
        byte[] numbered = ReportPlots.RenderFile(plain, ReportPlots.ConfusionBestFile)!;
        Assert.NotEqual(numbered, labelled);
    }

    [Theory]
    [InlineData(10, 10, null)]
    [InlineData(12, 10, null)] // names may stand for classes no label uses: they size the classifier
    [InlineData(3, 10, "3 class names for 10 classes (labels 0 to 9): give one name per class, in label order")]
    public void The_names_must_cover_the_classes_the_labels_need(int names, int classes, string? problem) =>
        Assert.Equal(problem, ClassNames.Problem(Enumerable.Range(0, names).Select(i => $"c{i}").ToArray(), classes));
}
