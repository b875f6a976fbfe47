using Akka.Actor;
using Crossfold.Core;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;
using Crossfold.Worker.Datasets;
using Crossfold.Protocol.Messages;
using Crossfold.Worker.Actors;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crossfold.Worker.Hosting;

/// <summary>
/// Builds a worker process: joins the cluster as a `worker`, finds the coordinator singleton through a
/// proxy, starts one slot actor per planned slot, and on shutdown (SIGTERM) drains the slots before
/// leaving the cluster, so no fold is lost or counted twice. If the cluster drops the worker (its
/// coordinator was unreachable for too long, e.g. while it restarted), it joins again by itself.
/// </summary>
public static class WorkerNode
{
    /// <summary>
    /// Runs the worker until it is stopped (SIGTERM, Ctrl-C), joining the cluster again whenever it is
    /// dropped from it. A coordinator that speaks another protocol version ends it with an <see cref="InputException"/>.
    /// </summary>
    public static async Task Run(WorkerOptions options, IReadOnlyList<PlannedSlot> slots, Func<SlotInfo, IJobRunner>? runner = null)
    {
        using var health = options.HealthFile is string path ? new HealthFile(path) : null;
        while (true)
        {
            using var host = Build(options, slots, runner);
            await host.StartAsync();
            var system = host.Services.GetRequiredService<ActorSystem>();
            health?.Follow(system);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopping = new TaskCompletionSource();
            var mismatch = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(ProtocolGuard.Props(mismatch), "protocol-guard");
            using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
                await Task.WhenAny(stopping.Task, system.WhenTerminated, mismatch.Task);
            if (mismatch.Task.IsCompleted)
            {
                await host.StopAsync();
                throw new InputException(mismatch.Task.Result);
            }
            bool dropped = CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason;
            await host.StopAsync();
            if (!dropped) return;
            System.Console.Error.WriteLine("crossfold-worker: the cluster dropped this worker (its coordinator was unreachable); joining again in 5 s");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    /// <param name="runner">Makes each slot's job runner; default: real training, one dataset cache for the whole node.</param>
    public static IHost Build(WorkerOptions options, IReadOnlyList<PlannedSlot> slots, Func<SlotInfo, IJobRunner>? runner = null)
    {
        var logs = options.Logs ?? LogOptions.Default;
        var builder = Host.CreateApplicationBuilder();
        logs.Configure(builder.Logging);
        // Built before the host, so downloads log like everything else: one factory configured the same way.
        var downloadLog = LoggerFactory.Create(logs.Configure).CreateLogger("Crossfold.Worker.Datasets");
        var downloads = new DatasetDownloads(options.Cache ?? WorkerOptions.DefaultCache, options.CacheBytes, options.Token, downloadLog);
        var datasets = new DatasetCache(DatasetCache.DefaultCapacityBytes, DatasetAccess.Anywhere with { Files = downloads });
        runner ??= slot => new JobRunner(datasets, slot.Node);
        // The host must wait for the drain (grace) plus leaving the cluster.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Grace + TimeSpan.FromSeconds(30));
        builder.Services.AddAkka(ClusterNodeOptions.SystemName, (akka, services) =>
        {
            akka.WithCrossfoldLogging(logs, services.GetRequiredService<ILoggerFactory>())
                .WithCrossfoldCluster(options.Cluster, ClusterRoles.Worker)
                .AddHocon($"akka.coordinated-shutdown.phases.service-requests-done.timeout = {(int)(options.Grace + TimeSpan.FromSeconds(10)).TotalMilliseconds}ms",
                    HoconAddMode.Prepend)
                .WithSingletonProxy<SweepCoordinatorProxy>(ClusterRoles.SingletonName, new ClusterSingletonOptions { Role = ClusterRoles.Coordinator })
                .WithActors((system, registry) =>
                {
                    // Started with the proxy, so it cannot miss the proxy's first "identified" event.
                    system.ActorOf(CoordinatorWatch.Props(options.Cluster.Seeds, services.GetRequiredService<ILoggerFactory>().CreateLogger("Crossfold.Worker")), "coordinator-watch");
                    var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
                    var refs = WorkerSlots.Start(system, registry.Get<SweepCoordinatorProxy>(), slots, $"{self.Host}:{self.Port}", runner,
                        datasetServer: server => downloads.Server = server);
                    CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "drain-worker-slots",
                        () => Drain(refs, options.Grace, system));
                });
        });
        return builder.Build();
    }

    /// <summary>
    /// Stops every slot from taking work and waits for running jobs to finish within the grace
    /// period; jobs still running then are handed back to the coordinator unfinished.
    /// </summary>
    static async Task<Akka.Done> Drain(IReadOnlyList<IActorRef> slots, TimeSpan grace, ActorSystem system)
    {
        var log = Akka.Event.Logging.GetLogger(system, "crossfold.worker");
        if (CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason)
        {
            // Dropped from the cluster: no coordinator can receive a result any more, so stop at once;
            // the coordinator requeues these jobs itself.
            foreach (var slot in slots) slot.Tell(WorkerSlotActor.HandBack.Instance);
            return Akka.Done.Instance;
        }
        log.Info("Draining {0} slot(s): running jobs get {1} s to finish", slots.Count, grace.TotalSeconds);
        var drained = slots.Select(s => s.Ask<WorkerSlotActor.Drained>(WorkerSlotActor.Drain.Instance, grace + TimeSpan.FromSeconds(1))).ToList();
        var all = Task.WhenAll(drained);
        if (await Task.WhenAny(all, Task.Delay(grace)) != all)
        {
            log.Warning("Grace period over: handing unfinished jobs back to the coordinator");
            foreach (var slot in slots) slot.Tell(WorkerSlotActor.HandBack.Instance);
            // Give the hand-back messages a moment to leave before remoting shuts down.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        return Akka.Done.Instance;
    }
}
