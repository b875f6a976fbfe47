using Crossfold.Cli;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Reports;

namespace Crossfold.Tests.Cli;

/// <summary>`crossfold status` of a sweep with refit: true counts folds without the final model's job, and shows the final model's test result.</summary>
public sealed class RefitStatusTests
{
    static SweepStatus Refit(SweepState state, int done, int running) => new("s1", "refit-sweep", state, 7, done, running, 7 - done - running, 0,
        DateTimeOffset.UnixEpoch, null, null,
        [new TrialProgress(0, "seed-cnn-2", Math.Min(done, 3), 3, 0, 0.9, 0.01, 0.3), new TrialProgress(1, "seed-mlp-1", Math.Max(0, Math.Min(done - 3, 3)), 3, 0, 0.8, 0.01, 0.5)],
        []);

    static string Text(SweepStatus status, RefitReport? refit = null)
    {
        var output = new StringWriter();
        StatusText.Sweep(status, output, refit);
        return output.ToString();
    }

    [Fact]
    public void The_final_models_job_is_not_counted_as_a_fold()
    {
        Assert.Contains("completed, 6 of 6 folds done, 0 running, 0 queued, 0 failed; final model trained", Text(Refit(SweepState.Completed, 7, 0)));
        Assert.Contains("running, 6 of 6 folds done, 1 running, 0 queued, 0 failed; then the final model", Text(Refit(SweepState.Running, 6, 1)));
    }

    [Fact]
    public void The_final_models_test_accuracy_is_shown()
    {
        var refit = new RefitReport(0, "seed-cnn-2", 3, 2000, 10_000, 0.9123, 0.31, [], 12, "vm", "cpu", 1, null);
        Assert.Contains("Final model: seed-cnn-2 trained on all 2,000 training images for 3 epochs, then tested on the 10,000 held-out images: accuracy 91.23 %",
            Text(Refit(SweepState.Completed, 7, 0), refit));
    }

    [Fact]
    public void A_sweep_without_refit_says_nothing_of_a_final_model()
    {
        var status = Refit(SweepState.Completed, 6, 0) with { Jobs = 6, Queued = 0 };
        string text = Text(status);
        Assert.Contains("6 of 6 folds done", text);
        Assert.DoesNotContain("final model", text, StringComparison.OrdinalIgnoreCase);
    }
}
