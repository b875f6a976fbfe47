using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// ?limit= and ?offset= of GET /api/sweeps. The body stays a plain array of sweeps, newest first; the
/// X-Total-Count header says how many there are in all, so a client sees when more exist.
/// </summary>
public static class SweepPaging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const string TotalHeader = "X-Total-Count";

    /// <summary>The coordinator query for these parameters, or a 400 problem naming the bad one.</summary>
    public static (ListSweeps? Query, IResult? Problem) Read(string? limit, string? offset)
    {
        if (!TryNumber(limit, DefaultLimit, MaxLimit, out int l)) return (null, Bad("limit", limit, $"from 0 to {MaxLimit}"));
        if (!TryNumber(offset, 0, int.MaxValue, out int o)) return (null, Bad("offset", offset, "0 or more"));
        return (new ListSweeps(o, l), null);
    }

    static bool TryNumber(string? text, int fallback, int max, out int value)
    {
        value = fallback;
        return text is null || int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value <= max;
    }

    static IResult Bad(string name, string? given, string range) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid paging parameter",
        $"{name} must be a whole number {range}, not '{(given is { Length: > 20 } ? given[..20] + "…" : given)}'",
        [new FieldProblem(name, null, null, $"expected a whole number {range}")]);
}
