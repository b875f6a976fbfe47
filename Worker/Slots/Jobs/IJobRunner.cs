using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Protocol.Messages;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Worker.Jobs;

/// <summary>What a worker slot does with a job: train its fold and return the outcome (on the calling thread).</summary>
public interface IJobRunner
{
    FoldOutcome Run(JobSpec job, Device device, int threads, Action<EpochMetrics>? onEpoch, CancellationToken cancel);
}
