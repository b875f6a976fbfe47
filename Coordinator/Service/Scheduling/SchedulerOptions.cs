namespace Crossfold.Coordinator.Scheduling;

/// <summary>How patient the coordinator is with workers, and how many sweeps it runs at once.</summary>
/// <param name="Lease">A running job whose slot sends no heartbeat or epoch for this long goes back to the queue.</param>
/// <param name="MaxRetries">How many times a job that ended without a result (it threw, or its worker vanished) is tried again before it is recorded as failed.</param>
/// <param name="MaxActiveSweeps">Running sweeps at once; a submission beyond is rejected (--max-active-sweeps; unlimited for a local run).</param>
public sealed record SchedulerOptions(TimeSpan Lease, int MaxRetries, int MaxActiveSweeps = int.MaxValue)
{
    public const int DefaultMaxActiveSweeps = 20;

    public static readonly SchedulerOptions Default = new(TimeSpan.FromSeconds(60), 3);
}
