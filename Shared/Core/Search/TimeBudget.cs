using System.Globalization;

namespace Crossfold.Core.Search;

/// <summary>
/// <c>search.max_hours</c>: a sweep's wall-clock budget, counted from the moment the coordinator accepted
/// it. The deadline is a pure function of the stored acceptance time and the sweep file, so a restarted
/// coordinator finds the same deadline (time it spent down counts too: the budget is wall-clock time).
/// </summary>
public static class TimeBudget
{
    /// <summary>The largest budget a sweep file may ask for, about eleven years: keeps every deadline a valid date.</summary>
    public const double MaxHours = 100_000;

    /// <summary>When the sweep's budget runs out, or null when it has none.</summary>
    public static DateTimeOffset? Deadline(SearchSpec? search, DateTimeOffset accepted) =>
        search?.MaxHours is double hours ? DeadlineOf(hours, accepted) : null;

    /// <summary>Whether the budget is spent at <paramref name="now"/>: the deadline is reached (the deadline itself counts as spent).</summary>
    public static bool IsSpent(SearchSpec? search, DateTimeOffset accepted, DateTimeOffset now) =>
        Deadline(search, accepted) is { } deadline && now >= deadline;

    /// <summary>How a spent budget reads in status views and logs, e.g. "its time budget (search.max_hours 0.5) ran out at 2026-12-02 10:30:00 UTC".</summary>
    public static string Describe(double maxHours, DateTimeOffset accepted) =>
        $"its time budget (search.max_hours {maxHours.ToString("R", CultureInfo.InvariantCulture)}) ran out at " +
        $"{DeadlineOf(maxHours, accepted).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";

    private static DateTimeOffset DeadlineOf(double hours, DateTimeOffset accepted) => accepted + TimeSpan.FromHours(hours);
}
