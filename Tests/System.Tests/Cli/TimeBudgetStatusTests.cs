using Crossfold.Cli;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Tests.Cli;

/// <summary>`crossfold status` of a sweep with search.max_hours: when its budget runs out, and once it ran out, that it ended on it.</summary>
public sealed class TimeBudgetStatusTests
{
    static readonly DateTimeOffset Deadline = new(2026, 12, 2, 11, 30, 0, TimeSpan.Zero);

    static string Text(SweepState state, DateTimeOffset? deadline)
    {
        var status = new SweepStatus("s1", "budgeted", state, 6, 2, 0, 0, 0, DateTimeOffset.UnixEpoch, null, null,
            [new TrialProgress(0, "seed-mlp-1", 2, 3, 0, 0.9, 0.01, 0.3), new TrialProgress(1, "seed-mlp-2", 0, 3, 0, null, null, null)], [], deadline);
        var output = new StringWriter();
        StatusText.Sweep(status, output);
        return output.ToString();
    }

    static string Local(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void An_expired_sweep_says_it_ended_on_its_time_budget_and_how_many_folds_did_not_run()
    {
        string text = Text(SweepState.Expired, Deadline);
        Assert.Contains("'budgeted': expired, 2 of 6 folds done", text);
        Assert.Contains($"Ended on its time budget (search.max_hours) at {Local(Deadline)}: the finished folds are kept, 4 folds not run", text);
    }

    [Fact]
    public void A_running_sweep_says_when_its_budget_runs_out_and_one_without_a_budget_says_nothing()
    {
        Assert.Contains($"Time budget (search.max_hours): runs out at {Local(Deadline)}", Text(SweepState.Running, Deadline));
        Assert.DoesNotContain("Time budget", Text(SweepState.Running, null));
    }
}
