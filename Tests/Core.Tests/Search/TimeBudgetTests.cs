using Crossfold.Core.Search;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Search;

/// <summary>search.max_hours: parsed with one clear error per bad value, and a deadline that is a pure function of the acceptance time.</summary>
public class TimeBudgetTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private static string Error(string maxHours) => Assert.Single(SweepYaml.Failure($"""
        search: {"{"}max_hours: {maxHours}{"}"}
        architectures: [seed-mlp-2]
        """).Message.Split(Environment.NewLine));

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("-1.5", "'-1.5'")]
    [InlineData("soon", "'soon'")]
    [InlineData("100001", "'100001'")]
    public void A_bad_max_hours_is_one_error_naming_file_line_and_field(string value, string got) =>
        Assert.Equal($"sweeps/x.yaml:1:21: search.max_hours: expected a positive number of hours, at most 100000 (the sweep's wall-clock budget, e.g. 2.5), got {got}",
            Error(value));

    [Fact]
    public void Max_hours_reaches_the_definition_with_grid_random_and_racing()
    {
        Assert.Equal(new SearchSpec(SearchMethod.Grid, MaxHours: 0.0005),
            SweepYaml.Definition("search: {max_hours: 0.0005}\narchitectures: [seed-mlp-2]").Search);
        Assert.Equal(new SearchSpec(SearchMethod.Random, 3, null, new RacingSpec(), 2.5), SweepYaml.Definition("""
            search: {method: random, trials: 3, max_hours: 2.5, racing: {}}
            architectures: [seed-mlp-1, seed-mlp-2, seed-mlp-3]
            """).Search);
    }

    [Fact]
    public void The_deadline_is_the_acceptance_plus_the_budget_and_spent_from_the_deadline_on()
    {
        var search = new SearchSpec(SearchMethod.Grid, MaxHours: 0.5);
        Assert.Equal(Accepted.AddMinutes(30), TimeBudget.Deadline(search, Accepted));
        Assert.False(TimeBudget.IsSpent(search, Accepted, Accepted.AddMinutes(30).AddTicks(-1)));
        Assert.True(TimeBudget.IsSpent(search, Accepted, Accepted.AddMinutes(30)));
        Assert.True(TimeBudget.IsSpent(search, Accepted, Accepted.AddDays(3)));
    }

    [Fact]
    public void Without_a_budget_there_is_no_deadline()
    {
        Assert.Null(TimeBudget.Deadline(null, Accepted));
        Assert.Null(TimeBudget.Deadline(SearchSpec.Grid, Accepted));
        Assert.False(TimeBudget.IsSpent(SearchSpec.Grid, Accepted, DateTimeOffset.MaxValue));
    }

    [Fact]
    public void A_tiny_budget_keeps_its_seconds_and_the_largest_one_stays_a_valid_date()
    {
        Assert.Equal(Accepted.AddSeconds(1.8), TimeBudget.Deadline(new SearchSpec(SearchMethod.Grid, MaxHours: 0.0005), Accepted));
        Assert.Equal(Accepted.AddHours(TimeBudget.MaxHours), TimeBudget.Deadline(new SearchSpec(SearchMethod.Grid, MaxHours: TimeBudget.MaxHours), Accepted));
    }

    [Fact]
    public void A_spent_budget_is_described_with_its_setting_and_deadline_in_utc() =>
        Assert.Equal("its time budget (search.max_hours 0.25) ran out at 2026-12-02 10:15:00 UTC", TimeBudget.Describe(0.25, Accepted));
}
