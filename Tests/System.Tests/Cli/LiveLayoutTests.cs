using Crossfold.Cli.Progress;
using Spectre.Console;

namespace Crossfold.Tests.Cli;

/// <summary>The live view's rows fit a terminal: at 80 columns a job's label, its bar, percentage and times share one line.</summary>
public sealed class LiveLayoutTests
{
    const string Description = "seed-cnn-5 | gaussian sigma=0.5 | learning_rate=0.001, batch_size=100, fold 2/5";
    // percentage, two times, the spaces between the five columns and the free last column
    const int Fixed = 4 + 8 + 8 + 4 + 1;

    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(120)]
    [InlineData(250)]
    public void A_row_never_needs_more_than_the_terminals_width(int columns)
    {
        var layout = LiveLayout.For(columns);
        Assert.InRange(layout.BarWidth, 10, 40);
        Assert.True(layout.LabelWidth + layout.BarWidth + Fixed <= columns, $"{layout} at {columns} columns");
        Assert.True(Markup.Remove(layout.Job(Description, "gpu-box-2.example.org:4054#1", "cuda:0")).Length <= layout.LabelWidth);
    }

    [Fact]
    public void At_80_columns_a_long_label_keeps_its_start_and_its_fold_and_drops_the_slot()
    {
        var layout = LiveLayout.For(80);
        string label = Markup.Remove(layout.Job(Description, "gpu-box-2.example.org:4054#1", "cuda:0"));
        Assert.Equal(layout.LabelWidth, label.Length);
        Assert.StartsWith("seed-cnn-5 | ", label);
        Assert.EndsWith(", fold 2/5", label);
        Assert.Contains("…", label);
        Assert.DoesNotContain("gpu-box", label);
    }

    [Fact]
    public void A_short_label_keeps_where_the_job_runs()
    {
        string label = Markup.Remove(LiveLayout.For(80).Job("seed-cnn-2, fold 1/3", "vm:4054#0", "cpu"));
        Assert.Equal("seed-cnn-2, fold 1/3 vm:4054#0 cpu", label);
    }

    [Fact]
    public void Markup_in_a_label_stays_text()
    {
        string label = LiveLayout.For(80).Job("[red]x[/], fold 1/3", "vm#0", "cpu");
        Assert.Equal("[red]x[/], fold 1/3 vm#0 cpu", Markup.Remove(label));
    }
}
