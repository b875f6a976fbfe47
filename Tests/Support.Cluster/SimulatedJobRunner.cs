using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Protocol.Messages;
using Crossfold.Torch.Training;
using Crossfold.Worker.Jobs;
using static TorchSharp.torch;

namespace Crossfold.Tests.Support.Cluster;

/// <summary>
/// A runner whose jobs only wait a fixed time and return a made-up outcome: for measuring the
/// coordinator's own overhead (bench/) and testing scheduling without the cost of training. Never
/// used by the `crossfold` or `crossfold-worker` commands.
/// </summary>
public sealed class SimulatedJobRunner(Func<JobSpec, TimeSpan> duration, string node) : IJobRunner
{
    public FoldOutcome Run(JobSpec job, Device device, int threads, Action<EpochMetrics>? onEpoch, CancellationToken cancel)
    {
        var wait = duration(job);
        if (wait > TimeSpan.Zero) cancel.WaitHandle.WaitOne(wait);
        cancel.ThrowIfCancellationRequested();
        // A deterministic, job-dependent "accuracy", so aggregation has something to aggregate.
        double accuracy = 0.5 + (job.JobId % 10) / 40.0;
        var epoch = new EpochMetrics(1, 1 - accuracy, accuracy, 1 - accuracy, accuracy, wait.TotalSeconds, 0);
        onEpoch?.Invoke(epoch);
        var confusion = new int[100];
        confusion[0] = 1;
        return new FoldOutcome(new Evaluation(accuracy, 1 - accuracy, confusion, 10), new[] { epoch }, 1, 1, 1,
            wait.TotalSeconds, node, "simulated", threads);
    }
}
