using Crossfold.Cli.Client;
using Crossfold.Cli;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Tests.Cli;

/// <summary>`crossfold status` without an id lists a page of sweeps and says when more exist.</summary>
public sealed class StatusListTests
{
    static SweepStatus Sweep(int i) => new($"s{i}", $"sweep-{i}", SweepState.Running, 4, 1, 1, 2, 0,
        new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(-i), null, null, [], []);

    static string List(SweepPage page)
    {
        var output = new StringWriter();
        StatusText.List(page, output);
        return output.ToString();
    }

    [Fact]
    public void A_complete_list_has_no_paging_line()
    {
        string text = List(new SweepPage([Sweep(0), Sweep(1)], 2, 0));
        Assert.Contains("sweep-1", text);
        Assert.DoesNotContain("of 2", text);
    }

    [Fact]
    public void A_first_page_says_how_many_exist_and_how_to_see_older_ones()
    {
        string text = List(new SweepPage([Sweep(0), Sweep(1)], 250, 0));
        Assert.EndsWith($"sweeps 1-2 of 250, newest first; older ones: --offset 2{Environment.NewLine}", text);
    }

    [Fact]
    public void The_last_page_says_where_it_is_without_pointing_further()
    {
        string text = List(new SweepPage([Sweep(9)], 10, 9));
        Assert.EndsWith($"sweeps 10-10 of 10, newest first{Environment.NewLine}", text);
    }

    [Fact]
    public void An_offset_past_the_end_and_an_empty_coordinator_are_told_apart()
    {
        Assert.Contains("no sweeps from offset 20: there are 10", List(new SweepPage([], 10, 20)));
        Assert.Contains("no sweeps yet", List(new SweepPage([], 0, 0)));
    }
}
