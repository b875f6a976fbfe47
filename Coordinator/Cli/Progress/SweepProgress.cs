using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Spectre.Console;

namespace Crossfold.Cli.Progress;

/// <summary>Shows a sweep's events until it ends: live bars in a terminal, plain lines otherwise.</summary>
public static class SweepProgress
{
    /// <param name="attach">Called with the view before the first event (to catch up on a sweep, or to hook Ctrl-C).</param>
    /// <param name="stop">Stops following before the sweep ends (Ctrl-C on `watch`): the view ends as it would at the end,
    /// so a terminal gets its cursor back.</param>
    public static async Task Follow(IAsyncEnumerable<ISweepEvent> events, int jobs, bool plain, TextWriter output,
        Action<IProgressView>? attach = null, CancellationToken stop = default)
    {
        async Task Show(IProgressView view)
        {
            attach?.Invoke(view);
            try
            {
                await foreach (var e in events.WithCancellation(stop))
                {
                    view.Show(e);
                    if (e is SweepEnded) break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }

        if (plain || System.Console.IsOutputRedirected)
            await Show(new PlainProgressView(output, jobs));
        else
        {
            var layout = LiveLayout.For(AnsiConsole.Profile.Width);
            await AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = layout.BarWidth }, new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(ctx => Show(new LiveProgressView(ctx, jobs, layout)));
        }
    }
}
