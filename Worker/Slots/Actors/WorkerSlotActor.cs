using Akka.Actor;
using Akka.Event;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Worker.Jobs;
using static TorchSharp.torch;

namespace Crossfold.Worker.Actors;

/// <summary>
/// One slot of a worker node (one GPU, or one share of the CPU): asks the coordinator for work when
/// idle, trains the job it is given on a thread of its own, streams epochs and heartbeats, and sends
/// the fold's outcome or error back. It holds at most one job at a time, and takes jobs and
/// cancellations only from the sweep coordinator singleton (in `crossfold run`, its coordinator actor).
/// </summary>
public sealed class WorkerSlotActor : ReceiveActor, IWithTimers
{
    readonly IActorRef _coordinator;
    readonly SlotInfo _slot;
    readonly Device _device;
    readonly IJobRunner _runner;
    readonly WorkerTimings _timings;
    readonly ILoggingAdapter _log = Context.GetLogger();
    readonly Func<IActorRef, bool> _fromCoordinator;
    readonly RefusalLog _refusals;
    readonly Action<string>? _datasetServer;
    Running? _running;
    bool _draining;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="datasetServer">Told the coordinator's HTTP API with every job that names it (where stored dataset files are downloaded).</param>
    public static Props Props(IActorRef coordinator, SlotInfo slot, Device device, IJobRunner runner, WorkerTimings timings, Action<string>? datasetServer = null) =>
        Akka.Actor.Props.Create(() => new WorkerSlotActor(coordinator, slot, device, runner, timings, datasetServer));

    public WorkerSlotActor(IActorRef coordinator, SlotInfo slot, Device device, IJobRunner runner, WorkerTimings timings, Action<string>? datasetServer = null)
    {
        _datasetServer = datasetServer;
        _coordinator = coordinator;
        _slot = slot;
        _device = device;
        _runner = runner;
        _timings = timings;
        _fromCoordinator = CoordinatorSingleton.Recognizer(Context.System, coordinator);
        _refusals = new RefusalLog(_log);

        Receive<AskForWork>(_ =>
        {
            if (_running is null && !_draining) _coordinator.Tell(new WorkRequested(_slot));
        });
        Receive<AssignJob>(Start);
        Receive<StopJob>(m =>
        {
            if (_running is { } r && r.Job.SweepId == m.SweepId && r.Job.JobId == m.JobId && r.Attempt == m.Attempt)
            {
                _log.Info("Stopping {0} (cancelled by the coordinator)", r.Job.Describe());
                r.Cancel.Cancel();
            }
        });
        Receive<Heartbeat>(_ =>
        {
            if (_running is { } r) _coordinator.Tell(new JobHeartbeat(r.Job.SweepId, r.Job.JobId, r.Attempt));
        });
        Receive<TrainingEnded>(Ended);
        Receive<Drain>(m =>
        {
            _draining = true;
            Timers.Cancel("ask");
            if (_running is null) Sender.Tell(Drained.Instance);
            else _running.DrainWaiters.Add(Sender);
        });
        Receive<HandBack>(_ =>
        {
            if (_running is { } r && !r.HandedBack)
            {
                r.HandedBack = true;
                r.Cancel.Cancel();
                _coordinator.Tell(new JobHandedBack(r.Job.SweepId, r.Job.JobId, r.Attempt, $"{_slot.Key} is shutting down"));
            }
        });
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is AssignJob or StopJob && !_fromCoordinator(Sender))
        {
            _refusals.Refuse(Sender, message, "only the sweep coordinator hands out and cancels jobs");
            return true;
        }
        return base.AroundReceive(receive, message);
    }

    protected override void PreStart()
    {
        Self.Tell(AskForWork.Instance);
        Timers.StartPeriodicTimer("ask", AskForWork.Instance, _timings.AskInterval);
    }

    protected override void PostStop() => _running?.Cancel.Cancel();

    void Start(AssignJob assigned)
    {
        if (_running is { } busy)
        {
            if (busy.Job.SweepId == assigned.Job.SweepId && busy.Job.JobId == assigned.Job.JobId && busy.Attempt == assigned.Attempt) return;
            // Should not happen with work pulling; give it straight back rather than run two jobs.
            Sender.Tell(new JobHandedBack(assigned.Job.SweepId, assigned.Job.JobId, assigned.Attempt, $"{_slot.Key} is busy"));
            return;
        }
        if (_draining)
        {
            Sender.Tell(new JobHandedBack(assigned.Job.SweepId, assigned.Job.JobId, assigned.Attempt, $"{_slot.Key} is shutting down"));
            return;
        }
        var job = assigned.Job;
        if (assigned.DatasetServer is string server) _datasetServer?.Invoke(server);
        var running = _running = new Running(job, assigned.Attempt, new CancellationTokenSource());
        _log.Info("Training {0} (attempt {1}) on {2}", job.Describe(), assigned.Attempt, _slot.Device);
        Timers.StartPeriodicTimer("heartbeat", Heartbeat.Instance, _timings.HeartbeatInterval);
        var self = Self;
        var coordinator = _coordinator;
        // A long-running task gets a thread of its own: training blocks for minutes and must not
        // starve the actor dispatcher, and libtorch's thread setting is per thread.
        Task.Factory.StartNew(() => _runner.Run(job, _device, _slot.Threads,
                epoch => coordinator.Tell(new EpochReported(job.SweepId, job.JobId, assigned.Attempt, epoch), self),
                running.Cancel.Token),
                running.Cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .ContinueWith(t => new TrainingEnded(running, t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException(), t.IsCanceled),
                TaskScheduler.Default)
            .PipeTo(self);
    }

    void Ended(TrainingEnded ended)
    {
        var r = ended.Run;
        if (!ReferenceEquals(r, _running)) return;
        _running = null;
        Timers.Cancel("heartbeat");
        r.Cancel.Dispose();
        bool cancelled = ended.Cancelled || ended.Error is OperationCanceledException || r.Cancel.IsCancellationRequested;
        if (ended.Outcome is not null && !r.HandedBack)
            _coordinator.Tell(new FoldReported(r.Job.SweepId, r.Job.JobId, r.Attempt, ended.Outcome));
        else if (!cancelled && ended.Error is not null)
        {
            _log.Warning("{0} failed: {1}", r.Job.Describe(), ended.Error.Message);
            _coordinator.Tell(new JobFailureReported(r.Job.SweepId, r.Job.JobId, r.Attempt, ended.Error.Message));
        }
        foreach (var waiter in r.DrainWaiters) waiter.Tell(Drained.Instance);
        if (!_draining) Self.Tell(AskForWork.Instance);
    }

    sealed class Running(JobSpec job, int attempt, CancellationTokenSource cancel)
    {
        public JobSpec Job { get; } = job;
        public int Attempt { get; } = attempt;
        public CancellationTokenSource Cancel { get; } = cancel;
        public bool HandedBack { get; set; }
        public List<IActorRef> DrainWaiters { get; } = new();
    }

    sealed record TrainingEnded(Running Run, FoldOutcome? Outcome, Exception? Error, bool Cancelled);

    sealed class AskForWork { public static readonly AskForWork Instance = new(); }

    sealed class Heartbeat { public static readonly Heartbeat Instance = new(); }

    /// <summary>Stop taking work; answer <see cref="Drained"/> once the current job (if any) has ended.</summary>
    public sealed class Drain { public static readonly Drain Instance = new(); }

    /// <summary>The slot holds no job any more.</summary>
    public sealed class Drained { public static readonly Drained Instance = new(); }

    /// <summary>Give the current job back to the coordinator unfinished (the grace period ran out).</summary>
    public sealed class HandBack { public static readonly HandBack Instance = new(); }
}

/// <summary>How often a slot asks for work while idle and reports while busy.</summary>
public sealed record WorkerTimings(TimeSpan AskInterval, TimeSpan HeartbeatInterval)
{
    public static readonly WorkerTimings Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}
