namespace Crossfold.Core.Sweeps;

/// <summary>
/// The most one sweep may ask for. A local run allows anything a sweep sensibly needs; a coordinator
/// applies its own limits (--max-jobs-per-sweep, --max-epochs) to the sweeps submitted to it.
/// </summary>
/// <param name="MaxJobs">Jobs (trials x repeats x folds), at most <see cref="SweepPlan.MaxJobsCeiling"/>.</param>
/// <param name="MaxEpochs">Epochs of any one trial.</param>
/// <param name="NameOptions">Messages name the coordinator options that set the limits (for a submitted sweep).</param>
public sealed record SweepLimits(int MaxJobs, int MaxEpochs, bool NameOptions = false)
{
    /// <summary>What `crossfold run` allows: <see cref="SweepPlan.DefaultMaxJobs"/> jobs, any number of epochs.</summary>
    public static SweepLimits Local { get; } = new(SweepPlan.DefaultMaxJobs, int.MaxValue);

    /// <summary>"the limit of 100,000 (--max-jobs-per-sweep)", for messages.</summary>
    public string JobsLimit => $"the limit of {MaxJobs:N0}{(NameOptions ? " (--max-jobs-per-sweep)" : "")}";

    /// <summary>Why <paramref name="epochs"/> is too many, or null when it is within the limit.</summary>
    public string? EpochsProblem(int epochs) => epochs <= MaxEpochs ? null
        : $"{epochs:N0} epochs is more than the limit of {MaxEpochs:N0}{(NameOptions ? " (--max-epochs)" : "")}";
}
