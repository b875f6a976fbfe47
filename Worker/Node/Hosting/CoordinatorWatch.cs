using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Crossfold.Protocol.Cluster;
using Microsoft.Extensions.Logging;

namespace Crossfold.Worker.Hosting;

/// <summary>
/// Tells the operator whether this worker has found the coordinator: one line when the singleton proxy
/// identifies it (again, after a coordinator node left), and a warning for every <see cref="Patience"/> without one. It stands in
/// for Akka.NET's own proxy warning, which fires the moment a node starts (see CrossfoldCluster.QuietHocon).
/// </summary>
public sealed class CoordinatorWatch : ReceiveActor, IWithTimers
{
    /// <summary>How long a worker waits for the coordinator before it warns, and between warnings.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    sealed class Overdue
    {
        public static readonly Overdue Instance = new();
    }

    readonly ILogger _log;
    readonly string _seeds;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<string> seeds, ILogger log) => Akka.Actor.Props.Create(() => new CoordinatorWatch(seeds, log));

    public CoordinatorWatch(IReadOnlyList<string> seeds, ILogger log)
    {
        _log = log;
        _seeds = seeds.Count == 0 ? "(none)" : string.Join(", ", seeds);
        Receive<ClusterSingletonProxy.IdentifySingletonResult>(r =>
        {
            if (r.Result != ClusterSingletonProxy.IdentifyResult.Success) return;
            _log.LogInformation("Found the coordinator; slots ask it for jobs");
            Timers.Cancel(Overdue.Instance);
        });
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            if (e.Member.HasRole(ClusterRoles.Coordinator)) Timers.StartPeriodicTimer(Overdue.Instance, Overdue.Instance, Patience);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Overdue>(_ => _log.LogWarning("No coordinator found after {Seconds} s (seeds: {Seeds}); slots wait for it. Check that `crossfold serve` runs, "
            + "that its remoting port is reachable from here, and that both sides use the same TLS settings", Patience.TotalSeconds, _seeds));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ClusterSingletonProxy.IdentifySingletonResult));
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        Timers.StartPeriodicTimer(Overdue.Instance, Overdue.Instance, Patience);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
