using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Spectre.Console;

namespace Crossfold.Cli.Progress;

/// <summary>Shows a sweep's events until it ends: live bars in a terminal, plain lines otherwise.</summary>
public static class SweepProgress
{
    /// <param name="attach">Called with the view before the first event (to catch up on a sweep, or to hook Ctrl-C).</param>
    public static async Task Follow(IAsyncEnumerable<ISweepEvent> events, int jobs, bool plain, TextWriter output, Action<IProgressView>? attach = null)
    {
        async Task Show(IProgressView view)
        {
            attach?.Invoke(view);
            await foreach (var e in events)
            {
                view.Show(e);
                if (e is SweepEnded) break;
            }
        }

        if (plain || System.Console.IsOutputRedirected)
            await Show(new PlainProgressView(output, jobs));
        else
            await AnsiConsole.Progress()
                .AutoClear(false)
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(ctx => Show(new LiveProgressView(ctx, jobs)));
    }
}
