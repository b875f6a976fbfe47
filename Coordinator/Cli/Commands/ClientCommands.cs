using System.CommandLine;
using System.Text;
using Crossfold.Cli.Client;
using Crossfold.Cli.Progress;
using Crossfold.Core.Architectures;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core;
using Crossfold.Protocol.CommandLine;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Crossfold.Reports;
using Crossfold.Torch.Models;

namespace Crossfold.Cli;

/// <summary>
/// The commands that talk to a running coordinator over HTTP: submit, status, watch, report, cancel,
/// workers. Each is a few lines over <see cref="CoordinatorClient"/>.
/// </summary>
public static class ClientCommands
{
    public static IEnumerable<Command> Build()
    {
        yield return Submit();
        yield return Status();
        yield return Watch();
        yield return Report();
        yield return Cancel();
        yield return Workers();
    }

    static Command Submit()
    {
        var client = new ClientOptions();
        var file = new Argument<string>("file") { Description = "The sweep file (YAML or JSON)" };
        var watch = new Option<bool>("--watch") { Description = "Follow the sweep until it ends (like `crossfold watch`)" };
        var plain = new Option<bool>("--plain") { Description = "With --watch: one line per event instead of live bars" };
        var reconnect = ReconnectFor();
        var asWritten = new Option<bool>("--datasets-on-coordinator")
        {
            Description = "Send the dataset paths as written, for files under the coordinator's --datasets-root, instead of uploading the files from this machine",
        };
        var command = new Command("submit", "Submit a sweep file to the coordinator (uploading the dataset files it lacks); prints the sweep id.") { file, watch, plain, reconnect, asWritten };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            string path = result.GetValue(file)!;
            if (!File.Exists(path)) throw new InputException($"{path}: sweep file not found");
            using var api = client.Connect(result);
            string text = result.GetValue(asWritten) ? await File.ReadAllTextAsync(path) : await DatasetUpload.PrepareSweep(path, api, System.Console.Error);
            var created = await api.Submit(text, Path.GetFileName(path));
            System.Console.WriteLine(created.Id);
            System.Console.Error.WriteLine($"submitted {path}: {created.Trials} trial{(created.Trials == 1 ? "" : "s")}, {created.Jobs} jobs");
            return result.GetValue(watch) ? await Follow(api, created.Id, result.GetValue(plain), result.GetValue(reconnect)) : ExitCodes.Ok;
        }));
        return command;
    }

    static Command Status()
    {
        var client = new ClientOptions();
        var id = new Argument<string?>("id") { Description = "A sweep id; without it, the newest sweeps", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int?>("--limit") { Description = "Without an id: how many sweeps to list (the coordinator's default is 100, at most 1000)" };
        var offset = new Option<int?>("--offset") { Description = "Without an id: how many of the newest sweeps to skip" };
        var command = new Command("status", "Show the newest sweeps, or one sweep's progress and its trials' running mean ± std.") { id, limit, offset };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            using var api = client.Connect(result);
            if (result.GetValue(id) is string sweepId)
            {
                var status = await api.Status(sweepId);
                StatusText.Sweep(status, System.Console.Out, await Refit(api, status));
            }
            else StatusText.List(await api.Page(result.GetValue(limit), result.GetValue(offset)), System.Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    static Command Watch()
    {
        var client = new ClientOptions();
        var id = new Argument<string>("id") { Description = "The sweep id" };
        var plain = new Option<bool>("--plain") { Description = "One line per event instead of live bars (automatic when output is redirected)" };
        var reconnect = ReconnectFor();
        var command = new Command("watch", "Follow a sweep live until it ends: a bar per running job, an overall bar with ETA, trials as they finish.") { id, plain, reconnect };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            using var api = client.Connect(result);
            return await Follow(api, result.GetValue(id)!, result.GetValue(plain), result.GetValue(reconnect));
        }));
        return command;
    }

    static Command Report()
    {
        var client = new ClientOptions();
        var id = new Argument<string>("id") { Description = "The sweep id" };
        var format = new Option<string>("--format", "-f") { Description = "md, json, csv or html (printed to stdout)", DefaultValueFactory = _ => "md" }
            .OneOf("md", "json", "csv", "html");
        var output = new Option<string?>("--out", "-o") { Description = "Write every format and the plots into this directory instead" };
        var command = new Command("report", "Print a sweep's aggregated fold report, or write all its files.") { id, format, output };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            using var api = client.Connect(result);
            string sweepId = result.GetValue(id)!;
            if (result.GetValue(output) is string dir)
            {
                var files = ReportFiles.Write(await api.ReportData(sweepId), dir).ToList();
                if (await api.Model(sweepId) is byte[] model)
                    files.Add(ReportFiles.WriteAtomically(Path.Combine(dir, ModelFile.FileName), model));
                System.Console.WriteLine($"Report files in {Path.GetFullPath(dir)}:");
                foreach (var f in files) System.Console.WriteLine($"  {Path.GetFileName(f)}");
                return ExitCodes.Ok;
            }
            var body = await api.Report(sweepId, result.GetValue(format)!);
            using var stdout = System.Console.OpenStandardOutput();
            await stdout.WriteAsync(body);
            return ExitCodes.Ok;
        }));
        return command;
    }

    static Command Cancel()
    {
        var client = new ClientOptions();
        var id = new Argument<string>("id") { Description = "The sweep id" };
        var command = new Command("cancel", "Cancel a sweep: queued jobs are dropped and running ones stopped; finished folds are kept.") { id };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            using var api = client.Connect(result);
            var cancelled = await api.Cancel(result.GetValue(id)!);
            System.Console.WriteLine($"cancelled {cancelled.Id}: {cancelled.JobsStopped} running job{(cancelled.JobsStopped == 1 ? "" : "s")} stopped");
            return ExitCodes.Ok;
        }));
        return command;
    }

    static Command Workers()
    {
        var client = new ClientOptions();
        var command = new Command("workers", "List the cluster's nodes and worker slots: device, memory, threads, busy or idle.");
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            using var api = client.Connect(result);
            StatusText.Cluster(await api.Cluster(), System.Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The final model's result once its job has ended (refit: true), from the report; null before or without one.</summary>
    static async Task<RefitReport?> Refit(CoordinatorClient api, SweepStatus status) =>
        status.Jobs > status.Trials.Sum(t => t.FoldsTotal) && status.Running + status.Queued == 0 ? (await api.ReportData(status.SweepId)).Refit : null;

    /// <summary>What Ctrl-C on `watch` leaves behind, and the commands that follow the sweep again or stop it.</summary>
    public static string StoppedWatching(CoordinatorClient api, string id)
    {
        string coordinator = api.BaseUrl.TrimEnd('/') == ClientOptions.DefaultUrl ? "" : $" --coordinator {api.BaseUrl.TrimEnd('/')}";
        return $"stopped watching: sweep {id} keeps running on the coordinator; `crossfold watch {id}{coordinator}` follows it again, " +
            $"`crossfold cancel {id}{coordinator}` stops it";
    }

    /// <summary>--reconnect-for: how long watching keeps trying to reach a restarted or moved coordinator.</summary>
    static Option<int> ReconnectFor() => EnvOption.Create("--reconnect-for", "CROSSFOLD_RECONNECT_SECONDS",
        "Seconds to keep reconnecting when the coordinator restarts or moves before giving up with exit 3 (0: do not reconnect)",
        v => EnvOption.Int(v) is >= 0 and var n ? n : throw new InputException($"--reconnect-for: expected 0 or more seconds, got {v}"), 120);

    /// <summary>
    /// Shows a sweep's events until it ends; the exit code says how it ended. Ctrl-C stops following (the
    /// sweep keeps running on the coordinator), says how to follow it again, and exits with 130.
    /// </summary>
    static async Task<int> Follow(CoordinatorClient api, string id, bool plain, int reconnectSeconds)
    {
        using var interrupt = new Interrupt();
        var first = await api.Status(id);
        IProgressView? shown = null;
        var events = SweepFollower.Follow(api, id, TimeSpan.FromSeconds(reconnectSeconds),
            () => shown?.Note($"reconnected to the coordinator; resuming sweep {id}"),
            status => shown?.Catch(status), interrupt.Token);
        await SweepProgress.Follow(events, first.Jobs, plain, System.Console.Out, view =>
        {
            shown = view;
            view.Catch(first);
        }, interrupt.Token);
        if (interrupt.Token.IsCancellationRequested)
        {
            System.Console.Out.Flush();
            System.Console.Error.WriteLine();
            System.Console.Error.WriteLine(StoppedWatching(api, id));
            return ExitCodes.Interrupted;
        }
        var final = await api.Status(id);
        System.Console.WriteLine();
        StatusText.Sweep(final, System.Console.Out, await Refit(api, final));
        return final.State switch
        {
            SweepState.Completed when final.Failed > 0 => ExitCodes.FoldsFailed,
            SweepState.Completed => ExitCodes.Ok,
            SweepState.Expired when final.Failed > 0 => ExitCodes.FoldsFailed,
            SweepState.Expired => ExitCodes.Ok, // it ended as its sweep file asked (search.max_hours)
            SweepState.Cancelled => ExitCodes.Interrupted,
            _ => ExitCodes.Unavailable, // the stream ended while the sweep still runs: the coordinator went away
        };
    }
}
