using Crossfold.Cli.Client;
using Crossfold.Coordinator.Api;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.Messages;
using Crossfold.Reports;

namespace Crossfold.Cli;

/// <summary>Plain-text tables for `crossfold status` and `crossfold workers`.</summary>
public static class StatusText
{
    /// <summary>A page of sweeps as a table; when more exist than it shows, a last line says which these are and how to see the rest.</summary>
    public static void List(SweepPage page, TextWriter output)
    {
        var sweeps = page.Sweeps;
        if (page.Total == 0)
        {
            output.WriteLine("no sweeps yet: submit one with `crossfold submit FILE`");
            return;
        }
        if (sweeps.Length == 0)
        {
            output.WriteLine($"no sweeps from offset {page.Offset}: there are {page.Total}");
            return;
        }
        Table(output, new[] { "id", "name", "state", "folds", "running", "failed", "eta", "started" },
            sweeps.Select(s => new[]
            {
                s.SweepId, s.Name, State(s), $"{s.Done}/{s.Jobs}", s.Running.ToString(), s.Failed.ToString(),
                s.EtaSeconds is double eta ? ReportFormat.Duration(eta) : "-", s.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm"),
            }));
        if (!page.IsPartial) return;
        int last = page.Offset + sweeps.Length;
        output.WriteLine();
        output.WriteLine($"sweeps {page.Offset + 1}-{last} of {page.Total}, newest first" +
            (last < page.Total ? $"; older ones: --offset {last}" : ""));
    }

    /// <summary>
    /// One sweep: a line of counts, its trials, its running jobs. Folds are counted without the final model's job
    /// (refit: true), which gets its own words, and <paramref name="refit"/> (when it is known) its own line.
    /// </summary>
    public static void Sweep(SweepStatus s, TextWriter output, RefitReport? refit = null)
    {
        int folds = s.Trials.Sum(t => t.FoldsTotal), foldsDone = s.Trials.Sum(t => t.FoldsDone), foldsFailed = s.Trials.Sum(t => t.FoldsFailed);
        string model = s.Jobs <= folds ? ""
            : s.Done > foldsDone ? "; final model trained"
            : s.Failed > foldsFailed ? "; final model failed"
            : s.State == SweepState.Running ? "; then the final model" : "; no final model";
        output.WriteLine($"{s.SweepId} '{s.Name}': {State(s)}, {foldsDone} of {folds} folds done, {s.Running} running, {s.Queued} queued, {s.Failed} failed" +
            (s.EtaSeconds is double eta ? $", about {ReportFormat.Duration(eta)} left" : "") + model);
        if (Budget(s, folds - foldsDone - foldsFailed) is string budget) output.WriteLine(budget);
        if (refit is not null) output.WriteLine($"Final model: {ReportText.Refit(refit)}");
        output.WriteLine();
        Table(output, new[] { "trial", "folds", "accuracy (mean ± std)", "loss" }, s.Trials.Select(t => new[]
        {
            t.Label, $"{t.FoldsDone}/{t.FoldsTotal}{(t.FoldsFailed > 0 ? $" ({t.FoldsFailed} failed)" : "")}",
            t.MeanAccuracy is double m ? $"{ReportFormat.Percent(m)} ± {ReportFormat.Percent(t.StdAccuracy ?? 0)}" : "-",
            t.MeanLoss is double l ? ReportFormat.Loss(l) : "-",
        }));
        if (s.RunningJobs.Length == 0) return;
        output.WriteLine();
        Table(output, new[] { "running job", "slot", "device", "epoch", "test-fold accuracy" }, s.RunningJobs.Select(j => new[]
        {
            j.Description, j.Slot.Name, j.Slot.Device, $"{j.EpochsDone}/{j.Epochs}",
            j.LastEpoch is { } e ? ReportFormat.Percent(e.TestAccuracy) : "-",
        }));
    }

    public static void Cluster(ClusterEndpoints.ClusterResponse cluster, TextWriter output)
    {
        Table(output, new[] { "node", "status", "roles" }, cluster.Members.Select(m => new[]
        {
            m.Address, cluster.Unreachable.Contains(m.Address) ? $"{m.Status} (unreachable)" : m.Status, string.Join(",", m.Roles),
        }));
        output.WriteLine();
        if (cluster.Slots.Count == 0)
        {
            output.WriteLine($"no worker slots yet: start `crossfold-worker --coordinator {WorkerSeed(cluster)}` on a machine");
            return;
        }
        Table(output, new[] { "slot", "device", "name", "memory", "threads", "job" }, cluster.Slots.Select(s => new[]
        {
            s.Slot.Name, s.Slot.Device, s.Slot.DeviceName, s.Slot.MemoryBytes > 0 ? $"{s.Slot.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB" : "-",
            s.Slot.Threads.ToString(), s.JobId is int job ? $"{s.SweepId} #{job}" : "idle",
        }));
        output.WriteLine($"{cluster.BusySlots} busy, {cluster.IdleSlots} idle");
    }

    /// <summary>
    /// What a worker's --coordinator should say: the host:port of the cluster's coordinator node as the
    /// cluster knows it (its --public-hostname and --port), or HOST:4053 when no coordinator node is up.
    /// </summary>
    public static string WorkerSeed(ClusterEndpoints.ClusterResponse cluster) =>
        cluster.Members.FirstOrDefault(m => m.Roles.Contains(ClusterRoles.Coordinator)) is { } node
        && Akka.Actor.Address.TryParse(node.Address, out var address) && address.Host is not null && address.Port is int port
            ? $"{address.Host}:{port}"
            : $"HOST:{ClusterNodeOptions.DefaultCoordinatorPort}";

    /// <summary>The time budget's line (search.max_hours): when it runs out, or that the sweep ended on it; null without one.</summary>
    static string? Budget(SweepStatus s, int notRun) => s.Deadline is not { } deadline ? null : s.State switch
    {
        SweepState.Running => $"Time budget (search.max_hours): runs out at {Time(deadline)}",
        SweepState.Expired => $"Ended on its time budget (search.max_hours) at {Time(deadline)}: the finished folds are kept, {notRun} fold{(notRun == 1 ? "" : "s")} not run",
        _ => null,
    };

    static string Time(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    static string State(SweepStatus s) => s.State.ToString().ToLowerInvariant();

    static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, all.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all) output.WriteLine(Line(row));
    }
}
