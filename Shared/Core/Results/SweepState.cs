namespace Crossfold.Core.Results;

/// <summary>The life of a sweep.</summary>
public enum SweepState
{
    Running = 0,
    /// <summary>Every job has a result or failed for good (the report shows any gap).</summary>
    Completed = 1,
    Cancelled = 2,
    /// <summary>Its time budget (search.max_hours) ran out: what had finished is kept, the rest was dropped or stopped.</summary>
    Expired = 3,
}
