using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>The coordinator runs at most --max-active-sweeps sweeps at once; one more is rejected, changing nothing.</summary>
public sealed class ActiveSweepLimitTests
{
    readonly SchedulerFixture _f = new();
    readonly Scheduler _scheduler = new(SchedulerOptions.Default with { MaxActiveSweeps = 2 });

    [Fact]
    public void A_sweep_beyond_the_limit_is_rejected_naming_it_until_one_ends()
    {
        Assert.IsType<SweepAccepted>(_scheduler.Submit(Sweep("s1"), _f.Now).Reply);
        Assert.IsType<SweepAccepted>(_scheduler.Submit(Sweep("s2"), _f.Now).Reply);

        var (reply, effects) = _scheduler.Submit(Sweep("s3"), _f.Now);

        Assert.Equal("2 sweeps are already running, the most this coordinator runs at once (--max-active-sweeps 2); wait for one to finish or cancel one, then submit again",
            Assert.IsType<SweepRejected>(reply).Problems.Single().Message);
        Assert.True(effects.IsEmpty);
        Assert.Equal(["s1", "s2"], _scheduler.Sweeps.Keys.Order());
        Assert.Equal(2 * 3, _scheduler.QueueLength);

        _scheduler.Cancel("s1", _f.Now);
        Assert.IsType<SweepAccepted>(_scheduler.Submit(Sweep("s3"), _f.Now).Reply);
    }

    [Fact]
    public void A_local_run_has_no_such_limit() =>
        Assert.All(Enumerable.Range(0, 30), i => Assert.IsType<SweepAccepted>(_f.Scheduler.Submit(Sweep($"s{i}"), _f.Now).Reply));
}
