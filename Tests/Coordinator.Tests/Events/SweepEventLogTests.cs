using Crossfold.Coordinator.Events;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Tests.Events;

/// <summary>The coordinator's numbered, bounded memory of sweep events: exact replay when it can, null when it cannot.</summary>
public class SweepEventLogTests
{
    static JobRequeued Event(string sweep, int job) => new(sweep, job, "test");

    [Fact]
    public void Each_sweep_counts_its_own_events_from_one()
    {
        var log = new SweepEventLog("inc1");
        Assert.Equal(new SweepEventId("inc1", 0), log.Last("a"));
        Assert.Equal(1, log.Record(Event("a", 0)).Id.Sequence);
        Assert.Equal(1, log.Record(Event("b", 0)).Id.Sequence);
        Assert.Equal(2, log.Record(Event("a", 1)).Id.Sequence);
        Assert.Equal(new SweepEventId("inc1", 2), log.Last("a"));
    }

    [Fact]
    public void Replays_exactly_the_events_after_the_one_named()
    {
        var log = new SweepEventLog("inc1");
        for (int job = 0; job < 5; job++) log.Record(Event("a", job));
        log.Record(Event("b", 99));

        var missed = log.After("a", new SweepEventId("inc1", 2))!;
        Assert.Equal([3L, 4L, 5L], missed.Select(e => e.Id.Sequence));
        Assert.Equal([2, 3, 4], missed.Select(e => ((JobRequeued)e.Event).JobId));
        Assert.Empty(log.After("a", new SweepEventId("inc1", 5))!);
        Assert.Equal(5, log.After("a", new SweepEventId("inc1", 0))!.Count);
    }

    [Theory]
    [InlineData("other", 2)] // numbered by another incarnation (a restart or a singleton move)
    [InlineData("inc1", 6)]  // in the future
    [InlineData("inc1", -1)]
    public void Cannot_replay_an_id_it_did_not_give(string incarnation, long sequence)
    {
        var log = new SweepEventLog("inc1");
        for (int job = 0; job < 5; job++) log.Record(Event("a", job));
        Assert.Null(log.After("a", new SweepEventId(incarnation, sequence)));
    }

    [Fact]
    public void Keeps_a_bounded_number_of_events_per_sweep_and_says_when_the_missed_ones_are_gone()
    {
        var log = new SweepEventLog("inc1");
        int total = SweepEventLog.EventsPerSweep + 10;
        for (int job = 0; job < total; job++) log.Record(Event("a", job));

        Assert.Null(log.After("a", new SweepEventId("inc1", 9)));
        Assert.Equal(SweepEventLog.EventsPerSweep, log.After("a", new SweepEventId("inc1", 10))!.Count);
    }

    [Fact]
    public void Keeps_events_of_a_bounded_number_of_sweeps_the_least_recently_active_first_to_go()
    {
        var log = new SweepEventLog("inc1");
        for (int sweep = 0; sweep < SweepEventLog.Sweeps; sweep++) log.Record(Event($"s{sweep}", 0));
        log.Record(Event("s0", 1)); // s0 is active again: s1 is now the oldest
        log.Record(Event("new", 0));

        Assert.Null(log.After("s1", new SweepEventId("inc1", 0)));
        Assert.Equal(2, log.After("s0", new SweepEventId("inc1", 0))!.Count);
        Assert.Single(log.After("s2", new SweepEventId("inc1", 0))!);
        Assert.Equal(2, log.Record(Event("s1", 1)).Id.Sequence); // its counter stays, so no id is ever given twice
    }
}
