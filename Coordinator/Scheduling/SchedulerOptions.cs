namespace Crossfold.Coordinator.Scheduling;

/// <summary>How patient the coordinator is with workers.</summary>
/// <param name="Lease">A running job whose slot sends no heartbeat or epoch for this long goes back to the queue.</param>
/// <param name="MaxRetries">How many times a job that ended without a result (it threw, or its worker vanished) is tried again before it is recorded as failed.</param>
public sealed record SchedulerOptions(TimeSpan Lease, int MaxRetries)
{
    public static readonly SchedulerOptions Default = new(TimeSpan.FromSeconds(60), 3);
}
