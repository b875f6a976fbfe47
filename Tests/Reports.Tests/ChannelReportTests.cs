using System.Text.Json.Nodes;
using Crossfold.Core.Architectures;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>Reports of colour datasets: parameters counted on every channel, the channels stated, the gallery's plane named.</summary>
public class ChannelReportTests
{
    const int Side = 4;

    static SweepResults Colour()
    {
        var results = ReportFixture.Results();
        var gallery = new FoldGallery([new GalleryImage(7, 1, 2, 0.9f, new byte[Side * Side])], [], Side, Side);
        var jobs = results.Jobs.Select(j => j.Outcome is null || j.TrialIndex != 0 ? j : j with { Outcome = j.Outcome with { Gallery = gallery } }).ToArray();
        return results with { Dataset = results.Dataset with { Channels = 3 }, Jobs = jobs };
    }

    [Fact]
    public void Parameters_are_counted_on_every_channel()
    {
        var report = ReportBuilder.Build(Colour());

        var mlp = report.Trials.Single(t => t.Architecture == "seed-mlp-1");
        Assert.Equal(ShapeInference.Infer(Presets.Get("seed-mlp-1"), 3, 28, 28, ReportFixture.Classes).TotalParameters, mlp.Parameters);
        Assert.NotEqual(ShapeInference.ForMnist(Presets.Get("seed-mlp-1")).TotalParameters, mlp.Parameters);
    }

    [Fact]
    public void The_channels_are_stated_and_the_gallery_says_it_shows_the_first()
    {
        var report = ReportBuilder.Build(Colour());

        Assert.Contains("images 28x28, 3 channels, 10 classes", MarkdownReportWriter.Write(report));
        string html = HtmlReportWriter.Write(report, []);
        Assert.Contains("images 28×28, 3 channels, 10 classes", html);
        Assert.Contains("Their first of 3 channels only, in grey.", html);
    }

    [Fact]
    public void A_report_json_from_before_channels_reads_as_one_channel()
    {
        var json = JsonNode.Parse(JsonReportWriter.Write(ReportBuilder.Build(ReportFixture.Results())))!;
        var dataset = json["dataset"]!.AsObject();
        Assert.True(dataset.Remove("channels"));

        var report = JsonReportWriter.Read(json.ToJsonString());

        Assert.Equal(1, report.Dataset.Channels);
        Assert.Equal("28x28", report.Dataset.ImageSize());
    }
}
