using System.Threading.Channels;
using Akka.Actor;
using Crossfold.Cli.Local;
using Crossfold.Cli.Progress;
using Crossfold.Coordinator.Events;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Security;
using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Crossfold.Reports;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using Crossfold.Worker.Jobs;
using Crossfold.Worker.Slots;
using Crossfold.Core.Sweeps;

namespace Crossfold.Cli;

/// <summary>What `crossfold run` was asked to do.</summary>
public sealed record RunOptions(string SweepFile, string? Out, int? LocalWorkers, string Devices, int? Threads, bool Plain, int MaxRetries, int SlotsPerGpu = 1,
    string? CpuIsa = null);

/// <summary>
/// `crossfold run SWEEP`: a whole cross-validation sweep on this machine. Checks the sweep, starts the
/// coordinator and local worker slots in this process, shows progress, writes the report files and
/// prints the table. Ctrl-C cancels the sweep cleanly and reports what finished.
/// </summary>
public static class RunCommand
{
    public static async Task<int> Run(RunOptions options, TextWriter output, TextWriter errors, CancellationToken interrupt)
    {
        var datasets = new DatasetCache();
        SubmitSweep submission;
        SweepFile file;
        IReadOnlyList<PlannedSlot> slots;
        try
        {
            // First: libtorch reads the pin once, when it first runs (the intake may already count parameters with it).
            CpuIsaPin.Apply(options.CpuIsa is string isa ? Crossfold.Core.Training.CpuIsa.Parse(isa) : null);
            (submission, _, file) = SweepIntake.FromFile(options.SweepFile, datasets);
            slots = SlotPlan.Create(options.Devices, options.LocalWorkers, options.Threads, note => output.WriteLine($"note: {note}"), options.SlotsPerGpu);
        }
        catch (InputException e)
        {
            errors.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }

        var def = submission.Definition;
        string outDir = options.Out ?? Path.Combine("runs", submission.SweepId);
        output.WriteLine($"Sweep '{def.Name}' ({submission.SweepId}) from {options.SweepFile}");
        output.WriteLine($"  dataset  {def.Dataset}: {submission.Dataset.Count:N0} images {submission.Dataset.ImageSize}, {submission.Dataset.Classes} classes, fingerprint {submission.Dataset.Fingerprint[..16]}…");
        output.WriteLine($"  folds    {def.CrossValidation}, seed {def.Seed}");
        output.WriteLine($"  workers  {slots.Count} local slot{(slots.Count == 1 ? "" : "s")} on {string.Join(", ", slots.Select(s => Devices.Name(s.Device)).Distinct())}" +
            $"{(slots[0].Device.type == TorchSharp.DeviceType.CPU ? $", {slots[0].Threads} thread{(slots[0].Threads == 1 ? "" : "s")} each, {CpuIsaPin.Label}" : "")}");

        await using var cluster = LocalCluster.Start(slots, datasets, SchedulerOptions.Default with { MaxRetries = options.MaxRetries });
        var channel = Channel.CreateUnbounded<NumberedSweepEvent>();
        // Subscribed before the sweep is submitted, so the view sees its very first job start.
        await EventSubscription.Start(cluster.System, cluster.Coordinator, new SubscribeToSweeps(submission.SweepId), channel.Writer, TimeSpan.FromSeconds(10), new GatewaySenders());
        var reply = await cluster.Coordinator.Ask<IProtocolMessage>(submission, TimeSpan.FromSeconds(30));
        if (reply is SweepRejected rejected)
        {
            foreach (var p in rejected.Problems) errors.WriteLine(p.Field.Length == 0 ? p.Message : file.ErrorAt(p.Field, p.Message).Format(file.Path));
            return ExitCodes.BadInput;
        }
        var accepted = (SweepAccepted)reply;
        output.WriteLine($"  plan     {accepted.Trials} trial{(accepted.Trials == 1 ? "" : "s")} x {def.CrossValidation.K * def.CrossValidation.Repeats} folds" +
            (def.Refit ? $", then the best trial refit on all training images = {accepted.Jobs} jobs" : $" = {accepted.Jobs} jobs"));
        output.WriteLine();

        bool interrupted = false;
        CancellationTokenRegistration onInterrupt = default;
        await SweepProgress.Follow(channel.Reader.ReadAllAsync().Select(e => e.Event), accepted.Jobs, options.Plain, output, view =>
            onInterrupt = interrupt.Register(() =>
            {
                interrupted = true;
                view.Note("Interrupted: cancelling the sweep (finished folds are kept)…");
                cluster.Coordinator.Tell(new CancelSweep(submission.SweepId));
            }));
        await onInterrupt.DisposeAsync();

        var results = (await cluster.Coordinator.Ask<SweepResultsReady>(new GetSweepResults(submission.SweepId), TimeSpan.FromSeconds(30))).Results;
        var report = ReportBuilder.Build(results);
        var files = ReportFiles.Write(report, outDir).ToList();
        if ((await cluster.Coordinator.Ask<ModelReady>(new GetModel(submission.SweepId), TimeSpan.FromSeconds(30))).ModelFile is byte[] model)
            files.Add(ReportFiles.WriteAtomically(Path.Combine(outDir, ModelFile.FileName), model));
        output.WriteLine();
        ReportTable.Print(report, output);
        if (report.Nested is { } nested) output.WriteLine(NestedText.Note(nested));
        if (report.Refit is { } refit) output.WriteLine($"Final model: {ReportText.Refit(refit)}");
        output.WriteLine();
        output.WriteLine($"Report files in {Path.GetFullPath(outDir)}:");
        foreach (var f in files) output.WriteLine($"  {Path.GetFileName(f)}");

        int finished = results.Jobs.Count(j => j.Outcome is not null);
        if (interrupted)
        {
            output.WriteLine($"Interrupted: {finished} of {results.Jobs.Length} folds had finished and are in the report.");
            return ExitCodes.Interrupted;
        }
        if (results.State == SweepState.Expired && def.Search?.MaxHours is double hours)
            output.WriteLine($"The sweep ended on {TimeBudget.Describe(hours, results.Created)}: {finished} of {results.Jobs.Length} folds had finished and are in the report.");
        // Failed as the report counts it: no result but an error. Folds racing dropped or a spent time budget never ran are not failures.
        int failed = results.Jobs.Count(j => j.Outcome is null && j.Error is not null);
        if (failed > 0)
        {
            output.WriteLine($"{failed} fold{(failed == 1 ? "" : "s")} failed for good; see the report for the errors.");
            return ExitCodes.FoldsFailed;
        }
        return ExitCodes.Ok;
    }
}
