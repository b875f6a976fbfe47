using Crossfold.Core.Results;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>
/// A sweep cancelled part-way: trial 0 has 4 of its 5 folds, trial 1 never ran, trial 2 has 4 and one failed
/// for good. Every count says how many folds the sweep planned, and folds.csv has a row for each of them.
/// </summary>
public sealed class UnfinishedFoldsTests
{
    static SweepReport Cancelled()
    {
        var results = ReportFixture.Results();
        var jobs = results.Jobs.Select(j =>
            j.TrialIndex == 0 && j.Fold == 4 || j.TrialIndex == 1 ? j with { Outcome = null, Error = null } : j).ToArray();
        return ReportBuilder.Build(results with { Jobs = jobs, State = SweepState.Cancelled });
    }

    [Fact]
    public void Fold_counts_are_out_of_every_planned_fold()
    {
        var trials = Cancelled().Trials;
        Assert.Equal("4/5", ReportText.Folds(trials[0]));
        Assert.Equal("0/5", ReportText.Folds(trials[1]));
        Assert.Equal("4/5 (1 failed)", ReportText.Folds(trials[2]));
    }

    [Fact]
    public void Folds_csv_lists_the_folds_that_never_ended_as_cancelled()
    {
        var rows = CsvReportWriter.Write(Cancelled()).TrimEnd().Split('\n').Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(15, rows.Count);
        var status = rows.ToLookup(r => r[7], r => (Trial: r[0], Fold: r[6]));
        Assert.Equal([("0", "4"), ("1", "0"), ("1", "1"), ("1", "2"), ("1", "3"), ("1", "4")], status["cancelled"]);
        Assert.Single(status["failed"]);
        Assert.Equal(8, status["done"].Count());
    }

    [Theory]
    [InlineData(SweepState.Running, "pending")]
    [InlineData(SweepState.Expired, "not run (time budget)")]
    public void Folds_yet_to_end_are_pending_while_the_sweep_runs_and_not_run_once_its_time_budget_is_spent(SweepState state, string label)
    {
        var results = ReportFixture.Results();
        var jobs = results.Jobs.Select(j => j.TrialIndex == 1 ? j with { Outcome = null, Error = null } : j).ToArray();
        string csv = CsvReportWriter.Write(ReportBuilder.Build(results with { Jobs = jobs, State = state }));
        Assert.Equal(5, csv.Split('\n').Count(r => r.Contains($",{label},")));
        Assert.DoesNotContain(",cancelled,", csv);
    }
}
