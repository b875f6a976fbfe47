namespace Crossfold.Core.Results;

/// <summary>The life of a sweep.</summary>
public enum SweepState
{
    Running = 0,
    /// <summary>Every job has a result or failed for good (the report shows any gap).</summary>
    Completed = 1,
    Cancelled = 2,
}
