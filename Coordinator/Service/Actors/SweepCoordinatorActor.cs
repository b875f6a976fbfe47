using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Crossfold.Coordinator.Events;
using Crossfold.Coordinator.Metrics;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Security;
using Crossfold.Coordinator.Storage;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core.Sweeps;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Coordinator.Actors;

/// <summary>
/// The sweep coordinator (a cluster singleton in a cluster, a plain actor in `crossfold run`): routes
/// messages to and from the <see cref="Scheduler"/>, watches worker slots and nodes, and tells
/// subscribers what happens. All decisions are the scheduler's. With a store, every durable change is
/// written before anyone is told of it, and a new incarnation (after a crash or a singleton hand-over)
/// resumes every stored sweep. Every message is first checked against who may send it
/// (<see cref="SenderRules"/>); a worker slot is known by the actor that sends, never by what a message says.
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
    readonly SweepEventLog _events = SweepEventLog.Start();
    readonly GatewaySenders _gateways;
    readonly RefusalLog _refusals;
    readonly CoordinatorMetrics? _metrics;
    readonly Dictionary<Address, (int Slots, int Requeued)> _leaving = new();
    readonly string? _datasetServer;
    readonly Microsoft.Extensions.Logging.ILogger? _lifecycle;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="openStore">Opens the store when this incarnation starts (it is closed when it stops); null keeps everything in memory.</param>
    /// <param name="gateways">This node's HTTP gateway actors, the only local senders of control messages in a cluster; null in `crossfold run`.</param>
    /// <param name="metrics">This node's metrics, kept up to date while the coordinator runs here; null in `crossfold run`.</param>
    /// <param name="datasetServer">This node's HTTP API, from which workers download stored dataset files (sent with every job); null in `crossfold run`.</param>
    /// <param name="lifecycle">Where the one line per lifecycle event goes (category Crossfold.Coordinator, kept at --log-level info while
    /// Akka.NET's own lines are at Warning); null: Akka.NET's log, as in `crossfold run`.</param>
    public static Props Props(SchedulerOptions options, Func<ISweepStore>? openStore = null, Func<DateTimeOffset>? clock = null, GatewaySenders? gateways = null,
        CoordinatorMetrics? metrics = null, string? datasetServer = null, Microsoft.Extensions.Logging.ILogger? lifecycle = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinatorActor(options, openStore, clock ?? (() => DateTimeOffset.UtcNow), gateways ?? new GatewaySenders(),
            metrics, datasetServer, lifecycle));

    public SweepCoordinatorActor(SchedulerOptions options, Func<ISweepStore>? openStore, Func<DateTimeOffset> clock, GatewaySenders gateways,
        CoordinatorMetrics? metrics = null, string? datasetServer = null, Microsoft.Extensions.Logging.ILogger? lifecycle = null)
    {
        _lifecycle = lifecycle;
        _metrics = metrics;
        _datasetServer = datasetServer;
        _scheduler = new Scheduler(options);
        _clock = clock;
        _openStore = openStore;
        _gateways = gateways;
        _refusals = new RefusalLog(_log);

        Receive<SubmitSweep>(m =>
        {
            var (reply, effects) = _scheduler.Submit(m, _clock());
            Sender.Tell(reply);
            if (reply is SweepAccepted a) Info($"Sweep {a.SweepId} '{m.Definition.Name}' accepted: {a.Trials} trials, {a.Jobs} jobs");
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
            if (Bind(m.Slot) is { } slot) Apply(_scheduler.RequestWork(slot, _clock()));
        });
        Receive<JobHeartbeat>(m => FromSlot(m, key => _scheduler.Progress(m.SweepId, m.JobId, m.Attempt, key, null, _clock())));
        Receive<EpochReported>(m => FromSlot(m, key => _scheduler.Progress(m.SweepId, m.JobId, m.Attempt, key, m.Metrics, _clock())));
        Receive<FoldReported>(m => FromSlot(m, key => _scheduler.Complete(m.SweepId, m.JobId, m.Attempt, m.Outcome, key, _clock())));
        Receive<JobFailureReported>(m => FromSlot(m, key =>
        {
            Warning($"Job {m.SweepId}/{m.JobId} attempt {m.Attempt} failed on {key}: {m.Error}");
            return _scheduler.Fail(m.SweepId, m.JobId, m.Attempt, m.Error, key, _clock());
        }));
        Receive<JobHandedBack>(m => FromSlot(m, key => _scheduler.Return(m.SweepId, m.JobId, m.Attempt, m.Reason, key, _clock())));

        Receive<GetSweepStatus>(m => Sender.Tell(_scheduler.Sweeps.TryGetValue(m.SweepId, out var run)
            ? run.Status(_clock()) : new SweepNotFound(m.SweepId)));
        Receive<ListSweeps>(m => Sender.Tell(new SweepList(_scheduler.Sweeps.Values
            .OrderByDescending(r => r.Created).ThenBy(r => r.Id, StringComparer.Ordinal).Skip(m.Offset).Take(m.Limit ?? int.MaxValue)
            .Select(r => r.Status(_clock())).ToArray(), _scheduler.Sweeps.Count)));
        Receive<GetSweepResults>(m => Sender.Tell(_scheduler.Sweeps.TryGetValue(m.SweepId, out var run)
            ? new SweepResultsReady(run.Results()) : new SweepNotFound(m.SweepId)));
        Receive<GetModel>(m => Sender.Tell(_scheduler.Sweeps.TryGetValue(m.SweepId, out var run)
            ? new ModelReady(m.SweepId, run.Model() is { } model ? ModelFileFormat.ToBytes(model) : null) : new SweepNotFound(m.SweepId)));
        Receive<GetCluster>(_ => Sender.Tell(new ClusterView(_scheduler.Slots.Values
            .OrderBy(s => s.Info.Key, StringComparer.Ordinal)
            .Select(s => new SlotView(s.Info, s.Running?.SweepId, s.Running?.JobId, s.LastSeen)).ToArray())));

        Receive<SubscribeToSweeps>(m =>
        {
            _subscribers[Sender] = m.SweepId;
            Context.Watch(Sender);
            // Told in one step, so no event falls between what is replayed and what follows.
            var missed = m is { SweepId: string id, ResumeAfter: { } after } ? _events.After(id, after) : null;
            Sender.Tell(new SubscriptionConfirmed(m.SweepId, m.SweepId is null ? null : _events.Last(m.SweepId), missed is not null));
            foreach (var e in missed ?? []) Sender.Tell(e);
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
                SlotGone(t.ActorRef.Path.Address, _scheduler.SlotLost(key, "its worker stopped", _clock()), "its slots stopped");
            }
        });
        Receive<ClusterEvent.UnreachableMember>(m => NodeLost(m.Member.Address, "its worker node became unreachable"));
        Receive<ClusterEvent.MemberRemoved>(m => NodeLost(m.Member.Address, "its worker node left the cluster"));
        Receive<ClusterEvent.IMemberEvent>(m => RefuseOtherProtocols(m.Member));
        Receive<CheckLeases>(_ =>
        {
            Apply(_scheduler.ExpireLeases(_clock()));
            Apply(_scheduler.EndSpentSweeps(_clock()));
        });
        Receive<ObserveMetrics>(_ => _metrics?.Observe(_scheduler));
    }

    protected override void PreStart()
    {
        if (_openStore is not null)
        {
            var store = _openStore();
            Info($"Sweep coordinator started; state in {store.Description}");
            var restored = store.Load();
            _writer = new StoreWriter(store, e => _log.Error(e, "Could not store sweep state in {0}: {1}", store.Description, e.Message));
            Resume(restored, store.Description);
        }
        Timers.StartPeriodicTimer("leases", CheckLeases.Instance, TimeSpan.FromSeconds(1));
        if (_metrics is not null) Timers.StartPeriodicTimer("metrics", ObserveMetrics.Instance, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        if (InCluster)
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop()
    {
        _metrics?.Stopped();
        _writer?.Dispose();
        if (InCluster)
            Cluster.Get(Context.System).Unsubscribe(Self);
    }

    bool InCluster => ((ExtendedActorSystem)Context.System).Provider is ClusterActorRefProvider;

    /// <summary>
    /// The slot that sent a work request, bound to the sending actor: a new actor gets a key of its own
    /// (its node from its address, an incarnation chosen here), so no message can take over another
    /// slot's key. Null when the same actor claims a different slot index.
    /// </summary>
    SlotInfo? Bind(SlotInfo claimed)
    {
        if (Sender.Path.Uid == 0)
        {
            // A real actor always sends with its incarnation's uid; a bare path is a claim, and jobs sent
            // to it would reach whatever actor lives there.
            _refusals.Refuse(Sender, claimed, "the sender names a path without an actor incarnation");
            return null;
        }
        string node = Sender.Path.Address.HasLocalScope ? claimed.Node : $"{Sender.Path.Address.Host}:{Sender.Path.Address.Port}";
        if (_slotKeys.TryGetValue(Sender, out var key))
        {
            var known = _scheduler.Slots.TryGetValue(key, out var state) ? state.Info : null;
            if (known is not null && known.Slot != claimed.Slot)
            {
                _refusals.Refuse(Sender, claimed, $"it is registered as slot {known.Slot}, not {claimed.Slot}");
                return null;
            }
            if (known is not null) return claimed with { Node = known.Node, Incarnation = known.Incarnation };
        }
        var slot = claimed with { Node = node, Incarnation = Guid.NewGuid().ToString("N")[..8] };
        _slotRefs[slot.Key] = Sender;
        _slotKeys[Sender] = slot.Key;
        Context.Watch(Sender);
        return slot;
    }

    /// <summary>
    /// A message from a slot about a job, handled with the key bound to the sending actor. An actor that
    /// never asked this coordinator for work holds no job here: its message is refused and nothing is
    /// sent back, since a reply would go to whatever actor the sender's path names (a slot still training
    /// an attempt a previous coordinator handed out finishes it, and its result is refused).
    /// </summary>
    void FromSlot(IProtocolMessage message, Func<string, Effects> step)
    {
        if (_slotKeys.TryGetValue(Sender, out var key)) Apply(step(key));
        else _refusals.Refuse(Sender, message, "this slot never asked this coordinator for work, so it holds no job here");
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        if (SenderRules.Expected(message) is ExpectedSender expected)
        {
            bool local = Sender.Path.Address.HasLocalScope;
            var facts = new SenderFacts(InCluster, local, local && _gateways.Contains(Sender),
                InCluster && !local ? ClusterMembers.RolesAt(Cluster.Get(Context.System), Sender.Path.Address) : null);
            if (SenderRules.Refusal(expected, facts) is string why)
            {
                _refusals.Refuse(Sender, message, why);
                return true;
            }
        }
        return base.AroundReceive(receive, message);
    }

    /// <summary>
    /// A member that speaks another protocol version cannot take part (its messages would not even
    /// deserialize): say so once, clearly, and take it out of the cluster.
    /// </summary>
    void RefuseOtherProtocols(Member member)
    {
        if (member.Status is MemberStatus.Down or MemberStatus.Removed or MemberStatus.Exiting or MemberStatus.Leaving) return;
        if (ProtocolVersion.Mismatch($"node {member.Address}", member.Roles) is not string mismatch) return;
        Error($"{mismatch}; it is removed from the cluster");
        Cluster.Get(Context.System).Down(member.Address);
    }

    void NodeLost(Address address, string reason)
    {
        foreach (var (slot, key) in _slotKeys.Where(kv => kv.Key.Path.Address.Equals(address)).ToList())
        {
            _slotKeys.Remove(slot);
            _slotRefs.Remove(key);
            Context.Unwatch(slot);
            SlotGone(address, _scheduler.SlotLost(key, reason, _clock()), reason);
        }
    }

    /// <summary>
    /// Applies a lost slot's effects, and once the last slot of its node is gone says so in one line: the
    /// worker left, with how many jobs went back to the queue. Leaving is what a stopped worker does;
    /// only a worker that became unreachable is worth a warning.
    /// </summary>
    void SlotGone(Address node, Effects effects, string reason)
    {
        var (slots, requeued) = _leaving.GetValueOrDefault(node);
        _leaving[node] = (slots + 1, requeued + effects.Events.Count(e => e is JobRequeued));
        Apply(effects);
        if (_slotKeys.Keys.Any(slot => slot.Path.Address.Equals(node))) return;
        _leaving.Remove(node, out var total);
        string what = $"Worker {node.Host}:{node.Port} left ({reason}): {total.Slots} slot(s), {total.Requeued} job(s) requeued";
        if (reason.Contains("unreachable", StringComparison.Ordinal)) Warning(what);
        else Info(what);
    }

    void Resume(IReadOnlyList<StoredSweep> sweeps, string where)
    {
        foreach (var stored in sweeps)
        {
            var s = stored.Submission;
            var plan = SweepPlan.Create(s.Definition, s.SweepId, s.Dataset.Fingerprint, s.Dataset.Height, s.Dataset.Width);
            var run = new SweepRun(s, plan, stored.Created) { State = stored.State, Finished = stored.Finished };
            var byId = stored.Jobs.ToDictionary(j => j.JobId);
            run.Restore(byId.ContainsKey, state => Set(state, byId[state.Spec.JobId]));
            int unfinished = run.Jobs.Count(j => !j.Ended);
            if (run.State == SweepState.Running)
                Info($"Resuming sweep {run.Id} from {where}: {unfinished} of {run.Jobs.Length} jobs still to run");
            Apply(_scheduler.Restore(run, _clock()));
        }
    }

    static void Set(JobState state, StoredJob job)
    {
        state.Status = job.Status;
        state.Attempts = job.Attempts;
        state.Misses = job.Misses;
        state.Outcome = job.Outcome;
        state.Error = job.Error;
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
        foreach (var refusal in effects.Refusals) _refusals.Refuse(Sender, refusal);
        Persist(effects);
        _metrics?.Record(effects, _scheduler);
        foreach (var (key, message) in effects.ToSlots)
            if (_slotRefs.TryGetValue(key, out var slot))
                slot.Tell(message is AssignJob assign && _datasetServer is not null ? assign with { DatasetServer = _datasetServer } : message, Self);
        foreach (var ended in effects.Events.OfType<SweepEnded>()) LogEnd(ended);
        foreach (var e in effects.Events)
        {
            var numbered = _events.Record(e);
            foreach (var (subscriber, sweepId) in _subscribers)
                if (sweepId is null || sweepId == e.SweepId) subscriber.Tell(numbered, Self);
        }
    }

    /// <summary>One line per sweep that ends, as there is one when it is accepted.</summary>
    void LogEnd(SweepEnded ended)
    {
        if (!_scheduler.Sweeps.TryGetValue(ended.SweepId, out var run)) return;
        int done = run.AllJobs.Count(j => j.Status == JobStatus.Done), failed = run.AllJobs.Count(j => j.Status == JobStatus.Failed);
        string why = ended.State == SweepState.Expired && run.Submission.Definition.Search?.MaxHours is double hours
            ? $" ({TimeBudget.Describe(hours, run.Created)})" : "";
        Info($"Sweep {run.Id} '{run.Name}' {ended.State.ToString().ToLowerInvariant()}{why}: {done} job(s) done, {failed} failed, {run.AllJobs.Count() - done - failed} not run");
    }

    void Info(string line)
    {
        if (_lifecycle is null) _log.Info(line);
        else Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(_lifecycle, "{Event}", line);
    }

    void Warning(string line)
    {
        if (_lifecycle is null) _log.Warning(line);
        else Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_lifecycle, "{Event}", line);
    }

    void Error(string line)
    {
        if (_lifecycle is null) _log.Error(line);
        else Microsoft.Extensions.Logging.LoggerExtensions.LogError(_lifecycle, "{Event}", line);
    }

    /// <summary>Timer tick: refresh the metrics' gauges.</summary>
    sealed class ObserveMetrics
    {
        public static readonly ObserveMetrics Instance = new();
    }

    /// <summary>Timer tick: look for expired leases and spent time budgets.</summary>
    sealed class CheckLeases
    {
        public static readonly CheckLeases Instance = new();
    }
}
