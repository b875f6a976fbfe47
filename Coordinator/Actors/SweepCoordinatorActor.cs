using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Storage;
using Crossfold.Shared.Protocol;
using Crossfold.Shared.Sweeps;

namespace Crossfold.Coordinator.Actors;

/// <summary>
/// The sweep coordinator (a cluster singleton in a cluster, a plain actor in `crossfold run`): routes
/// messages to and from the <see cref="Scheduler"/>, watches worker slots and nodes, and tells
/// subscribers what happens. All decisions are the scheduler's. With a store, every durable change is
/// written before anyone is told of it, and a new incarnation (after a crash or a singleton hand-over)
/// resumes every stored sweep.
/// </summary>
public sealed class SweepCoordinatorActor : ReceiveActor, IWithTimers
{
    readonly Scheduler _scheduler;
    readonly Func<DateTimeOffset> _clock;
    readonly Func<ISweepStore>? _openStore;
    StoreWriter? _writer;
    readonly ILoggingAdapter _log = Context.GetLogger();
    readonly Dictionary<string, IActorRef> _slotRefs = new();
    readonly Dictionary<IActorRef, string> _slotKeys = new();
    readonly Dictionary<IActorRef, string?> _subscribers = new();

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="openStore">Opens the store when this incarnation starts (it is closed when it stops); null keeps everything in memory.</param>
    public static Props Props(SchedulerOptions options, Func<ISweepStore>? openStore = null, Func<DateTimeOffset>? clock = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinatorActor(options, openStore, clock ?? (() => DateTimeOffset.UtcNow)));

    public SweepCoordinatorActor(SchedulerOptions options, Func<ISweepStore>? openStore, Func<DateTimeOffset> clock)
    {
        _scheduler = new Scheduler(options);
        _clock = clock;
        _openStore = openStore;

        Receive<SubmitSweep>(m =>
        {
            var (reply, effects) = _scheduler.Submit(m, _clock());
            Sender.Tell(reply);
            if (reply is SweepAccepted a) _log.Info("Sweep {0} '{1}' accepted: {2} trials, {3} jobs", a.SweepId, m.Definition.Name, a.Trials, a.Jobs);
            Apply(effects);
        });
        Receive<CancelSweep>(m =>
        {
            var (reply, effects) = _scheduler.Cancel(m.SweepId, _clock());
            Sender.Tell(reply);
            Apply(effects);
        });

        Receive<WorkRequested>(m =>
        {
            RememberSlot(m.Slot.Key, Sender);
            Apply(_scheduler.RequestWork(m.Slot, _clock()));
        });
        Receive<JobHeartbeat>(m =>
        {
            RememberSlot(m.Slot.Key, Sender);
            Apply(_scheduler.Progress(m.SweepId, m.JobId, m.Attempt, m.Slot, m.Slot.Key, null, _clock()));
        });
        Receive<EpochFinished>(m => WithSlot(key => _scheduler.Progress(m.SweepId, m.JobId, m.Attempt, null, key, m.Metrics, _clock())));
        Receive<FoldCompleted>(m => WithSlot(key => _scheduler.Complete(m.SweepId, m.JobId, m.Attempt, m.Outcome, key, _clock())));
        Receive<JobFailed>(m =>
        {
            RememberSlot(m.Slot.Key, Sender);
            _log.Warning("Job {0}/{1} attempt {2} failed on {3}: {4}", m.SweepId, m.JobId, m.Attempt, m.Slot.Key, m.Error);
            Apply(_scheduler.Fail(m.SweepId, m.JobId, m.Attempt, m.Error, m.Slot.Key, _clock()));
        });
        Receive<JobReturned>(m => WithSlot(key => _scheduler.Return(m.SweepId, m.JobId, m.Attempt, m.Reason, key, _clock())));

        Receive<GetSweepStatus>(m => Sender.Tell(_scheduler.Sweeps.TryGetValue(m.SweepId, out var run)
            ? run.Status(_clock()) : new SweepNotFound(m.SweepId)));
        Receive<ListSweeps>(m => Sender.Tell(new SweepList(_scheduler.Sweeps.Values
            .OrderByDescending(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal).Skip(m.Offset).Take(m.Limit ?? int.MaxValue)
            .Select(r => r.Status(_clock())).ToArray(), _scheduler.Sweeps.Count)));
        Receive<GetSweepResults>(m => Sender.Tell(_scheduler.Sweeps.TryGetValue(m.SweepId, out var run)
            ? run.Results() : new SweepNotFound(m.SweepId)));
        Receive<GetModel>(m => Sender.Tell(_scheduler.Sweeps.TryGetValue(m.SweepId, out var run)
            ? new ModelReady(m.SweepId, run.Model()?.ToBytes()) : new SweepNotFound(m.SweepId)));
        Receive<GetCluster>(_ => Sender.Tell(new ClusterView(_scheduler.Slots.Values
            .OrderBy(s => s.Info.Key, StringComparer.Ordinal)
            .Select(s => new SlotView(s.Info, s.Running?.SweepId, s.Running?.JobId, s.LastSeen)).ToArray())));

        Receive<SubscribeToSweeps>(m =>
        {
            _subscribers[Sender] = m.SweepId;
            Context.Watch(Sender);
            Sender.Tell(new SubscriptionConfirmed(m.SweepId));
        });
        Receive<UnsubscribeFromSweeps>(_ =>
        {
            if (_subscribers.Remove(Sender) && !_slotKeys.ContainsKey(Sender)) Context.Unwatch(Sender);
        });

        Receive<Terminated>(t =>
        {
            _subscribers.Remove(t.ActorRef);
            if (_slotKeys.Remove(t.ActorRef, out var key))
            {
                _slotRefs.Remove(key);
                Apply(_scheduler.SlotLost(key, "its worker stopped", _clock()));
            }
        });
        Receive<ClusterEvent.UnreachableMember>(m => NodeLost(m.Member.Address, "its worker node became unreachable"));
        Receive<ClusterEvent.MemberRemoved>(m => NodeLost(m.Member.Address, "its worker node left the cluster"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<CheckLeases>(_ => Apply(_scheduler.ExpireLeases(_clock())));
    }

    protected override void PreStart()
    {
        if (_openStore is not null)
        {
            var store = _openStore();
            _log.Info("Sweep coordinator started; state in {0}", store.Description);
            var restored = store.Load();
            _writer = new StoreWriter(store, e => _log.Error(e, "Could not store sweep state in {0}: {1}", store.Description, e.Message));
            Resume(restored, store.Description);
        }
        Timers.StartPeriodicTimer("leases", CheckLeases.Instance, TimeSpan.FromSeconds(1));
        if (InCluster)
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop()
    {
        _writer?.Dispose();
        if (InCluster)
            Cluster.Get(Context.System).Unsubscribe(Self);
    }

    bool InCluster => ((ExtendedActorSystem)Context.System).Provider is ClusterActorRefProvider;

    void RememberSlot(string key, IActorRef slot)
    {
        if (_slotRefs.TryGetValue(key, out var known) && known.Equals(slot)) return;
        if (known is not null) _slotKeys.Remove(known);
        _slotRefs[key] = slot;
        _slotKeys[slot] = key;
        Context.Watch(slot);
    }

    void WithSlot(Func<string, Effects> step)
    {
        if (_slotKeys.TryGetValue(Sender, out var key)) Apply(step(key));
        else _log.Warning("Ignoring {0} from unknown slot {1}", "a message", Sender.Path);
    }

    void NodeLost(Address address, string reason)
    {
        foreach (var (slot, key) in _slotKeys.Where(kv => kv.Key.Path.Address.Equals(address)).ToList())
        {
            _slotKeys.Remove(slot);
            _slotRefs.Remove(key);
            Context.Unwatch(slot);
            _log.Warning("Slot {0} lost: {1}", key, reason);
            Apply(_scheduler.SlotLost(key, reason, _clock()));
        }
    }

    void Resume(IReadOnlyList<StoredSweep> sweeps, string where)
    {
        foreach (var stored in sweeps)
        {
            var s = stored.Submission;
            var plan = SweepPlan.Create(s.Definition, s.SweepId, s.Dataset.Fingerprint, s.Dataset.Height, s.Dataset.Width);
            var run = new SweepRun(s, plan, stored.Created) { State = stored.State, Finished = stored.Finished };
            // Folds first: the refit job (id one past the last fold) is rebuilt from their outcomes.
            foreach (var job in stored.Jobs.OrderBy(j => j.JobId))
            {
                if (job.JobId == run.Jobs.Length) run.CreateRefit();
                if (run.JobById(job.JobId) is not { } state) continue;
                state.Status = job.Status;
                state.Attempts = job.Attempts;
                state.Misses = job.Misses;
                state.Outcome = job.Outcome;
                state.Error = job.Error;
            }
            int unfinished = run.Jobs.Count(j => !j.Ended);
            if (run.State == SweepState.Running)
                _log.Info("Resuming sweep {0} from {1}: {2} of {3} jobs still to run", run.Id, where, unfinished, run.Jobs.Length);
            Apply(_scheduler.Restore(run, _clock()));
        }
    }

    /// <summary>Hands every durable change of this step to the store writer, as immutable snapshots.</summary>
    void Persist(Effects effects)
    {
        if (_writer is null || (effects.ChangedSweeps.Count == 0 && effects.ChangedJobs.Count == 0)) return;
        var jobsBySweep = effects.ChangedJobs.GroupBy(j => j.SweepId).ToDictionary(g => g.Key, g => g.Select(j => j.JobId).Distinct());
        foreach (var sweepId in effects.ChangedSweeps.Union(jobsBySweep.Keys))
            if (_scheduler.Sweeps.TryGetValue(sweepId, out var run))
                _writer.Save(StoredSweep.Of(run, jobsBySweep.TryGetValue(sweepId, out var ids) ? ids.Select(i => run.JobById(i)!) : Array.Empty<JobState>()));
    }

    void Apply(Effects effects)
    {
        Persist(effects);
        foreach (var (key, message) in effects.ToSlots)
            if (_slotRefs.TryGetValue(key, out var slot)) slot.Tell(message, Self);
        foreach (var e in effects.Events)
            foreach (var (subscriber, sweepId) in _subscribers)
                if (sweepId is null || sweepId == e.SweepId) subscriber.Tell(e, Self);
    }

    /// <summary>Timer tick: look for expired leases.</summary>
    sealed class CheckLeases
    {
        public static readonly CheckLeases Instance = new();
    }
}
