using Crossfold.Coordinator.Api;
using Crossfold.Protocol.Messages;

namespace Crossfold.Tests.Api;

/// <summary>The one table of server-sent event names: complete, unambiguous, and what the page's script gets.</summary>
public class SweepEventNamesTests
{
    [Fact]
    public void Every_protocol_event_has_one_name_and_the_names_read_back()
    {
        var events = typeof(ISweepEvent).Assembly.GetTypes().Where(t => typeof(ISweepEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }).ToList();
        Assert.Equal(events.OrderBy(t => t.Name), SweepEventNames.Events.Select(e => e.Type).OrderBy(t => t.Name));
        Assert.Equal(SweepEventNames.Events.Count, SweepEventNames.Events.Select(e => e.Name).Distinct().Count());
        foreach (var (name, type) in SweepEventNames.Events) Assert.Equal(type, SweepEventNames.TypeOf(name));
        Assert.Null(SweepEventNames.TypeOf(SweepEventNames.Status));
        Assert.Equal("sweep-finished", SweepEventNames.Of(new SweepEnded("s", Crossfold.Core.Results.SweepState.Completed)));
    }

    [Fact]
    public void The_page_script_lists_every_name_it_must_listen_to()
    {
        string script = SweepEventNames.Script();
        Assert.StartsWith("// Generated", script);
        foreach (var (name, _) in SweepEventNames.Events) Assert.Contains($"\"{name}\"", script);
        Assert.Contains($"\"{SweepEventNames.Sweeps}\"", script);
    }
}
