using Crossfold.Core.Jobs;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Scheduling;

/// <summary>A sweep's results carry the error galleries of the best trial only: the one the report shows, so the message stays small.</summary>
public sealed class GalleryResultsTests
{
    [Fact]
    public void Only_the_best_trials_folds_keep_their_galleries_in_the_results()
    {
        var f = new SchedulerFixture();
        f.Submit(Sweep("g1", 2, "seed-mlp-2", "seed-cnn-2"));
        var slot = Slot("a");
        var gallery = new FoldGallery([new GalleryImage(3, 1, 7, 0.9f, new byte[784])], [], 28, 28);
        for (int n = 0; n < 4; n++)
        {
            var job = Assignments(f.Scheduler.RequestWork(slot, f.Now)).Single();
            double accuracy = job.Job.TrialIndex == 1 ? 0.9 : 0.6; // the second trial is best
            f.Scheduler.Complete("g1", job.Job.JobId, job.Attempt, Outcome(accuracy) with { Gallery = gallery }, slot.Key, f.Now);
        }

        var jobs = f.Scheduler.Sweeps["g1"].Results().Jobs;
        Assert.All(jobs.Where(j => j.TrialIndex == 1), j => Assert.Same(gallery, j.Outcome!.Gallery));
        Assert.All(jobs.Where(j => j.TrialIndex == 0), j => Assert.Null(j.Outcome!.Gallery));
        Assert.All(jobs.Where(j => j.TrialIndex == 0), j => Assert.Equal(0.6, j.Outcome!.Test.Accuracy)); // the rest of the outcome stays
    }
}
