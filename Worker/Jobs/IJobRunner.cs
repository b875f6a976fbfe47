using Crossfold.Shared.Protocol;
using Crossfold.Shared.Training;
using static TorchSharp.torch;

namespace Crossfold.Worker.Jobs;

/// <summary>What a worker slot does with a job: train its fold and return the outcome (on the calling thread).</summary>
public interface IJobRunner
{
    FoldOutcome Run(JobSpec job, Device device, int threads, Action<EpochMetrics>? onEpoch, CancellationToken cancel);
}
