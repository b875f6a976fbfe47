using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Prometheus;

namespace Crossfold.Coordinator.Metrics;

/// <summary>
/// A coordinator node's metrics, every family prefixed <c>crossfold_</c>, in a registry of its own (so two
/// nodes in one test process never mix, and no unprefixed runtime family is exported). Job, sweep and slot
/// figures come from the sweep coordinator on the node that hosts it (the other coordinator nodes export
/// none of them); HTTP and dataset-transfer counts from every node's own API.
/// </summary>
public sealed class CoordinatorMetrics
{
    readonly Gauge _jobs, _sweeps, _slots, _hosting;
    readonly Counter _requeued, _images, _transfers, _transferBytes, _requests;
    readonly Histogram _foldSeconds;
    readonly HashSet<string> _sweepsShown = new(StringComparer.Ordinal);
    readonly HashSet<(string Node, string Device)> _devicesShown = new();
    readonly object _gate = new();

    public CoordinatorMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _jobs = factory.CreateGauge("crossfold_jobs", "Jobs of each running sweep by state (queued, running, done, failed, cancelled)", ["sweep", "state"]);
        _sweeps = factory.CreateGauge("crossfold_sweeps", "Sweeps by state (running, completed, cancelled, expired)", ["state"]);
        _slots = factory.CreateGauge("crossfold_slots", "Worker slots by node, device and state (busy, idle)", ["node", "device", "state"]);
        _hosting = factory.CreateGauge("crossfold_coordinator_active", "1 on the coordinator node that hosts the sweep coordinator, 0 on the others");
        _requeued = factory.CreateCounter("crossfold_jobs_requeued_total", "Jobs put back in the queue (worker lost, lease expired, failed and retried)", ["sweep"]);
        _images = factory.CreateCounter("crossfold_training_images_total", "Training images processed, summed over epochs; rate() gives images per second", ["node", "device"]);
        _foldSeconds = factory.CreateHistogram("crossfold_fold_duration_seconds", "Time a worker took to train and evaluate one fold", [],
            new HistogramConfiguration { Buckets = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200] });
        _transfers = factory.CreateCounter("crossfold_dataset_transfers_total", "Dataset file uploads and downloads by result", ["direction", "result"]);
        _transferBytes = factory.CreateCounter("crossfold_dataset_transfer_bytes_total", "Dataset bytes uploaded to and downloaded from this node", ["direction"]);
        _requests = factory.CreateCounter("crossfold_http_requests_total", "HTTP requests answered by this node, by method and status code", ["method", "status"]);
    }

    /// <summary>What /metrics exports.</summary>
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>Counts what a scheduler step recorded (called by the sweep coordinator, on its thread).</summary>
    public void Record(Effects effects, Scheduler scheduler)
    {
        foreach (var e in effects.Events)
            switch (e)
            {
                case FoldRecorded f:
                    _foldSeconds.Observe(f.Outcome.Seconds);
                    break;
                case JobRequeued r:
                    _requeued.WithLabels(r.SweepId).Inc();
                    break;
                case EpochRecorded p when scheduler.Sweeps.TryGetValue(p.SweepId, out var run) && run.JobById(p.JobId)?.Slot is { } slot:
                    _images.WithLabels(slot.Node, slot.Device).Inc(Math.Max(0, p.Metrics.ImagesPerSecond * p.Metrics.Seconds));
                    break;
            }
    }

    /// <summary>Sets the gauges from the scheduler's state (called by the sweep coordinator, on its thread, every few seconds).</summary>
    public void Observe(Scheduler scheduler)
    {
        lock (_gate)
        {
            _hosting.Set(1);
            var running = scheduler.Sweeps.Values.Where(r => r.State == SweepState.Running).ToList();
            foreach (var run in running)
            {
                var counts = run.AllJobs.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count());
                foreach (var status in Enum.GetValues<JobStatus>())
                    _jobs.WithLabels(run.Id, status.ToString().ToLowerInvariant()).Set(counts.GetValueOrDefault(status));
            }
            ForgetSweeps(running.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
            foreach (var state in Enum.GetValues<SweepState>())
                _sweeps.WithLabels(state.ToString().ToLowerInvariant()).Set(scheduler.Sweeps.Values.Count(r => r.State == state));

            var devices = scheduler.Slots.Values.GroupBy(s => (s.Info.Node, s.Info.Device)).ToList();
            foreach (var device in devices)
            {
                int busy = device.Count(s => s.Running is not null);
                _slots.WithLabels(device.Key.Node, device.Key.Device, "busy").Set(busy);
                _slots.WithLabels(device.Key.Node, device.Key.Device, "idle").Set(device.Count() - busy);
            }
            ForgetDevices(devices.Select(d => d.Key).ToHashSet());
        }
    }

    /// <summary>The sweep coordinator left this node: its figures are no longer this node's to export.</summary>
    public void Stopped()
    {
        lock (_gate)
        {
            ForgetSweeps([]);
            ForgetDevices([]);
            foreach (var state in Enum.GetValues<SweepState>()) _sweeps.RemoveLabelled(state.ToString().ToLowerInvariant());
            _hosting.Set(0);
        }
    }

    /// <summary>One dataset file moved through this node's API: "upload" or "download"; result "ok" or what went wrong.</summary>
    public void Transfer(string direction, string result, long bytes)
    {
        _transfers.WithLabels(direction, result).Inc();
        if (bytes > 0) _transferBytes.WithLabels(direction).Inc(bytes);
    }

    /// <summary>One HTTP request answered.</summary>
    public void Request(string method, int status) =>
        // A client chooses the method: anything unusual is "other", so no client can create series at will.
        _requests.WithLabels(method is "GET" or "HEAD" or "POST" or "PUT" or "DELETE" ? method : "other",
            status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    void ForgetSweeps(HashSet<string> current) => Forget(_sweepsShown, current, id =>
    {
        foreach (var status in Enum.GetValues<JobStatus>()) _jobs.RemoveLabelled(id, status.ToString().ToLowerInvariant());
        _requeued.RemoveLabelled(id);
    });

    void ForgetDevices(HashSet<(string Node, string Device)> current) => Forget(_devicesShown, current, d =>
    {
        _slots.RemoveLabelled(d.Node, d.Device, "busy");
        _slots.RemoveLabelled(d.Node, d.Device, "idle");
        _images.RemoveLabelled(d.Node, d.Device);
    });

    /// <summary>Drops the series of label values no longer present, and remembers the current ones.</summary>
    static void Forget<T>(HashSet<T> shown, HashSet<T> current, Action<T> remove)
    {
        foreach (var gone in shown.Where(s => !current.Contains(s)).ToList())
        {
            remove(gone);
            shown.Remove(gone);
        }
        shown.UnionWith(current);
    }
}
