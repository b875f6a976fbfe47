using System.Text;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Protocol.Messages;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;
using Crossfold.Torch.Training;
using Crossfold.Worker.Jobs;

namespace Crossfold.Tests.Security;

/// <summary>
/// Real `crossfold serve` and `crossfold-worker` processes on loopback, and a real Akka remoting client
/// that is no cluster member playing the attacker while a sweep runs: it asks for and steers sweeps,
/// forges results and failures (for queued and running jobs, with wrong and right attempts), poses as
/// the worker's slot and as a local actor of the coordinator, hands the worker a job, and sends a JSON
/// `$type` payload. Every attempt is refused and logged, and the sweep's report equals an undisturbed run's.
/// </summary>
public sealed class AttackerTests
{
    static readonly TimeSpan NoAnswer = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_peer_that_is_no_member_can_neither_steer_nor_read_nor_poison_a_running_sweep()
    {
        using var cluster = new ProcessCluster();
        var (worker, workerNode) = cluster.StartWorker("worker");
        var slot = await Eventually.Get(async () => (await cluster.Client.Cluster()).Slots.SingleOrDefault(), TimeSpan.FromSeconds(60),
            "the worker's slot to register", cluster.Logs);
        var created = await cluster.Client.Submit(ClusterTestSweeps.Slow, "slow.yaml");
        var running = await Eventually.Get(async () => (await cluster.Client.Status(created.Id)).RunningJobs.FirstOrDefault(),
            TimeSpan.FromSeconds(60), "a job to start", cluster.Logs);

        await using var attacker = RemotingAttacker.Start();
        var coordinator = attacker.Coordinator(cluster.AkkaPort);

        // Reading and steering over Akka: no answer, no effect.
        var answers = await Task.WhenAll(new IProtocolMessage[]
            {
                new ListSweeps(), new GetSweepStatus(created.Id), new GetSweepResults(created.Id), new GetModel(created.Id), new GetCluster(),
                new CancelSweep(created.Id), Forged("forged-by-attacker"), new SubscribeToSweeps(null),
            }
            .Select(m => RemotingAttacker.TryAsk(coordinator, m, NoAnswer)));
        Assert.All(answers, Assert.Null);

        // A sender that claims to be a local actor of the coordinator's node, or the worker's slot.
        var localImpostor = attacker.Impostor(cluster.AkkaPort, "/user/http-gateway");
        coordinator.Tell(new CancelSweep(created.Id), localImpostor);
        coordinator.Tell(Forged("forged-as-local"), localImpostor);
        int workerPort = int.Parse(workerNode.Split(':')[1]);
        var slotImpostor = attacker.Impostor(workerPort, "/user/slot-0");

        // Forged results, failures and hand-backs for every job, queued or running, with wrong and right attempts.
        var fake = new FoldOutcome(new Evaluation(0.999, 0.001, new int[100], 10), [], 1, 1, 1, 1, "attacker", "cpu", 1);
        for (int job = 0; job < created.Jobs; job++)
            foreach (int attempt in new[] { 1, 99 })
                foreach (var sender in new[] { Akka.Actor.ActorRefs.NoSender, slotImpostor })
                {
                    coordinator.Tell(new FoldReported(created.Id, job, attempt, fake), sender);
                    coordinator.Tell(new JobFailureReported(created.Id, job, attempt, "forged failure"), sender);
                    coordinator.Tell(new JobHandedBack(created.Id, job, attempt, "forged hand-back"), sender);
                    coordinator.Tell(new JobHeartbeat(created.Id, job, attempt), sender);
                }
        coordinator.Tell(new WorkRequested(slot.Slot));
        coordinator.Tell(new WorkRequested(slot.Slot), slotImpostor); // jobs sent to that path would reach the real slot

        // Straight at the worker: a job it was never given by the coordinator, and a cancellation of the one it runs.
        var spec = Forged("forged-job").Definition;
        var worked = attacker.Slot(workerNode);
        worked.Tell(new AssignJob(SweepPlan.Create(spec, "forged-job", "x", 28, 28).Jobs[0], 1));
        worked.Tell(new StopJob(created.Id, running.JobId, running.Attempt));

        // The classic: Akka's JSON serializer with a type of the sender's choosing.
        coordinator.Tell(new JsonPayload("System.IO.DirectoryInfo, System.Private.CoreLib",
            Encoding.UTF8.GetBytes("""{"$type":"System.IO.DirectoryInfo, System.Private.CoreLib","OriginalPath":"/","FullPath":"/"}""")));

        var status = await Eventually.Get(async () => await cluster.Client.Status(created.Id) is { State: not SweepState.Running } s ? s : null,
            TimeSpan.FromMinutes(4), "the sweep to finish", cluster.Logs);
        Assert.True(status is { State: SweepState.Completed, Failed: 0 } && status.Done == status.Jobs, cluster.Logs());
        Assert.Equal(new[] { created.Id }, (await cluster.Client.List()).Select(s => s.SweepId));

        var report = await cluster.Client.ReportData(created.Id);
        Assert.All(report.Trials.SelectMany(t => t.Folds), f => Assert.Equal(1, f.Attempts)); // no forged failure or hand-back requeued a job
        ClusterTestSweeps.AssertSameFolds(await ClusterTestSweeps.RunLocally(ClusterTestSweeps.Slow), report);

        string coordinatorLog = cluster.Coordinator.Output, workerLog = worker.Output;
        foreach (string refused in new[] { "Refused ListSweeps", "Refused SubmitSweep", "Refused CancelSweep", "Refused GetModel", "Refused FoldReported",
                     "Refused JobFailureReported", "Refused WorkRequested", "not a cluster member", "a local actor that is not this node's HTTP gateway",
                     "never asked this coordinator for work", "without an actor incarnation", "Akka's JSON serializer" })
            Assert.True(coordinatorLog.Contains(refused, StringComparison.Ordinal), $"the coordinator should log '{refused}':\n{cluster.Logs()}");
        Assert.True(workerLog.Contains("Refused AssignJob", StringComparison.Ordinal) && workerLog.Contains("Refused StopJob", StringComparison.Ordinal),
            cluster.Logs());
    }

    static SubmitSweep Forged(string id)
    {
        const string yaml = "name: forged\ndataset: {source: mnist-t10k, limit: 100}\nfolds: 2\narchitectures: [seed-mlp-2]\ntraining: {epochs: 1}\n";
        return SweepIntake.FromText(yaml, "forged.yaml", new DatasetCache(), id).Submission;
    }
}
