using Crossfold.Core.Architectures;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core.Statistics;
using Crossfold.Core.Sweeps;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Coordinator.Scheduling;

/// <summary>
/// A submitted sweep as the coordinator tracks it: its plan, every job's state, its own state. A TPE search grows by
/// rounds: once every job so far has ended, <see cref="AddRound"/> proposes the next trials and their jobs. With
/// <c>refit: true</c>, one more job (<see cref="Refit"/>, numbered after the cross-validation jobs)
/// is added once every fold has ended, for the best trial.
/// </summary>
public sealed class SweepRun
{
    public SweepRun(SubmitSweep submission, SweepPlan plan, DateTimeOffset created)
    {
        Submission = submission;
        Trials = plan.Trials.ToArray();
        Jobs = plan.Jobs.Select(j => new JobState(j)).ToArray();
        Created = created;
        var cv = submission.Definition.CrossValidation;
        if (submission.Definition.Search?.Racing is { } racing)
            Race = Race.ForSweep(submission.Definition.Search, racing, Trials.Length, FoldsPerTrial, CorrectedResampledTTest.KFoldTestTrainRatio(cv.K));
        // TPE learns from the points of the trials so far; the first round's are random search's.
        if (submission.Definition.Search is { Method: SearchMethod.Tpe } search)
            _points = RandomSearch.Draw(submission.Definition, search.FirstRound).Select(t => t.Point).ToList();
    }

    readonly List<double[]>? _points;

    /// <summary>The TPE rounds proposed so far after the first (0 for every other method).</summary>
    public int Rounds { get; private set; }

    /// <summary>A TPE search with trials still to propose, once every job so far has ended: a restore replays such a round if it was stored.</summary>
    public bool RoundPossible => _points is not null && FoldsEnded && Trials.Length < Submission.Definition.Search!.Trials;

    /// <summary>A round is possible and the sweep still runs: the scheduler proposes it now.</summary>
    public bool RoundDue => RoundPossible && State == SweepState.Running;

    /// <summary>
    /// Proposes the next TPE round from every trial's mean accuracy so far and adds its trials and their jobs (numbered on
    /// from the last job); returns the new jobs. Deterministic: the same finished folds always give the same round.
    /// </summary>
    public IReadOnlyList<JobState> AddRound()
    {
        if (!RoundPossible) throw new InvalidOperationException($"sweep {Id} has no TPE round to propose");
        var def = Submission.Definition;
        var search = def.Search!;
        var proposed = Tpe.Propose(def, Rounds + 1, Math.Min(search.Batch, search.Trials - Trials.Length),
            Trials.Select((t, i) => (t, _points![i])).ToList(), Enumerable.Range(0, Trials.Length).Select(Score).ToList());
        Rounds++;
        Race?.AddHeat(proposed.Count);
        _points!.AddRange(proposed.Select(p => p.Point));
        var jobs = proposed.SelectMany(p => SweepPlan.FoldJobs(def, Id, Submission.Dataset.Fingerprint, p.Trial, p.Trial.Index * FoldsPerTrial))
            .Select(spec => new JobState(spec)).ToList();
        Trials = [.. Trials, .. proposed.Select(p => p.Trial)];
        Jobs = [.. Jobs, .. jobs];
        return jobs;
    }

    /// <summary>The race between the trials when the sweep races (search.racing), else null. Not stored: it is replayed from the folds.</summary>
    public Race? Race { get; }

    /// <summary>
    /// What racing knows of fold <paramref name="fold"/> (from 0, repeat by repeat) of a trial: its accuracy once done,
    /// NaN when it ended without one (failed for good, or cancelled), null while it may still run.
    /// </summary>
    public double? FoldScore(int trialIndex, int fold) => JobsOf(trialIndex)[fold] switch
    {
        { Status: JobStatus.Done, Outcome: { } outcome } => outcome.Test.Accuracy,
        { Ended: true } => double.NaN,
        _ => null,
    };

    public SubmitSweep Submission { get; }
    public string Id => Submission.SweepId;
    public string Name => Submission.Definition.Name;
    public Trial[] Trials { get; private set; }

    /// <summary>
    /// Every job by id: the cross-validation jobs (trials x repeats x folds; the outer folds of a nested sweep) first, then a
    /// nested sweep's inner jobs (from <see cref="FirstInnerJob"/>).
    /// </summary>
    public JobState[] Jobs { get; private set; }

    /// <summary>The final refit job, once it exists.</summary>
    public JobState? Refit { get; private set; }

    public SweepState State { get; set; } = SweepState.Running;

    /// <summary>When the coordinator accepted the sweep (stored with it, so its time budget survives a restart).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>When the sweep's time budget (search.max_hours) runs out, or null when it has none.</summary>
    public DateTimeOffset? Deadline => TimeBudget.Deadline(Submission.Definition.Search, Created);

    /// <summary>Whether the sweep's time budget is spent at <paramref name="now"/>.</summary>
    public bool BudgetSpent(DateTimeOffset now) => TimeBudget.IsSpent(Submission.Definition.Search, Created, now);
    public DateTimeOffset? Finished { get; set; }

    /// <summary>The id of the first inner job; Jobs.Length when the sweep is not nested.</summary>
    public int FirstInnerJob => SweepPlan.FirstInnerJob(Submission.Definition, Trials.Length);

    public int FoldsPerTrial => Submission.Definition.CrossValidation.K * Submission.Definition.CrossValidation.Repeats;

    public ArraySegment<JobState> JobsOf(int trialIndex) => new(Jobs, trialIndex * FoldsPerTrial, FoldsPerTrial);

    /// <summary>The cross-validation jobs and, once it exists, the refit job.</summary>
    public IEnumerable<JobState> AllJobs => Refit is null ? Jobs : Jobs.Append(Refit);

    /// <summary>A job by id (the refit job's id is one past the last fold's), or null.</summary>
    public JobState? JobById(int jobId) =>
        jobId >= 0 && jobId < Jobs.Length ? Jobs[jobId] : Refit is { } r && r.Spec.JobId == jobId ? r : null;

    /// <summary>Cross-validation jobs done, failed for good or cancelled; kept as a count so finishing a job stays O(1).</summary>
    public int EndedJobs { get; private set; }

    /// <summary>Every cross-validation job has ended.</summary>
    public bool FoldsEnded => EndedJobs == Jobs.Length;

    /// <summary>Nothing is left to run: every fold has ended, and the refit too when one is due.</summary>
    public bool AllJobsEnded => FoldsEnded && (Refit?.Ended ?? !RefitDue);

    /// <summary>The sweep asks for a final model and at least one trial has a fold to choose it by.</summary>
    public bool RefitDue => Submission.Definition.Refit && BestTrialIndex() is not null;

    /// <summary>Moves a job to a final status and counts it.</summary>
    public void End(JobState job, JobStatus status)
    {
        if (!job.Ended && job != Refit) EndedJobs++;
        job.Status = status;
    }

    /// <summary>Recounts ended jobs after the states were set from storage.</summary>
    public void Recount() => EndedJobs = Jobs.Count(j => j.Ended);

    /// <summary>
    /// Rebuilds a run made from its plan out of storage: <paramref name="load"/> sets every job <paramref name="isStored"/> names,
    /// the folds first; each stored TPE round is replayed in order (it was proposed from the folds before it, so it comes out
    /// the same), and the refit job (id one past the last fold) is rebuilt from the folds' outcomes when it was stored.
    /// </summary>
    public void Restore(Func<int, bool> isStored, Action<JobState> load)
    {
        void Load(int from)
        {
            for (int id = from; id < Jobs.Length; id++)
                if (isStored(id)) load(Jobs[id]);
            Recount();
        }
        Load(0);
        while (RoundPossible && isStored(Jobs.Length))
        {
            int from = Jobs.Length;
            AddRound();
            Load(from);
        }
        if (isStored(Jobs.Length)) load(CreateRefit());
    }

    /// <summary>
    /// Creates the refit job for the best trial (as the report will name it); its epochs follow the
    /// folds' best epochs when the trial stops early. Idempotent.
    /// </summary>
    public JobState CreateRefit()
    {
        if (Refit is not null) return Refit;
        int best = BestTrialIndex() ?? throw new InvalidOperationException("no trial has a finished fold to refit");
        var bestEpochs = JobsOf(best).Where(j => j.Outcome is not null).Select(j => j.Outcome!.BestEpoch).ToList();
        var spec = RefitPlan.Create(Submission.Definition, Id, Submission.Dataset.Fingerprint, Trials[best], Jobs.Length, bestEpochs);
        return Refit = new JobState(spec);
    }

    // A trial racing eliminated is never the best, whatever the mean of the folds it ran.
    int? BestTrialIndex() => BestTrial.Pick(Enumerable.Range(0, Trials.Length).Where(i => Race?.IsEliminated(i) != true).Select(i =>
    {
        var p = Progress(i);
        return (i, p.MeanAccuracy, p.MeanLoss);
    }));

    /// <summary>The trial's folds so far, summarised.</summary>
    public TrialProgress Progress(int trialIndex)
    {
        var jobs = JobsOf(trialIndex);
        var done = jobs.Where(j => j.Outcome is not null).Select(j => j.Outcome!).ToList();
        Summary? accuracy = done.Count > 0 ? Summary.Of(done.Select(o => o.Test.Accuracy).ToList(), CorrectedResampledTTest.KFoldTestTrainRatio(Submission.Definition.CrossValidation.K)) : null;
        return new TrialProgress(trialIndex, Trials[trialIndex].Label, done.Count, jobs.Count,
            jobs.Count(j => j.Status == JobStatus.Failed),
            accuracy?.Mean, accuracy?.PopulationStd,
            done.Count > 0 ? done.Average(o => o.Test.Loss) : null,
            Race?.Eliminated.GetValueOrDefault(trialIndex) is { } e ? Eliminated(e) : null);
    }

    /// <summary>How a trial's elimination reads in status views, e.g. "eliminated after fold 3 (adjusted p = 0.012 against trial 4)".</summary>
    static string Eliminated(Elimination e) =>
        $"eliminated after fold {e.Round} (adjusted p = {e.AdjustedP.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} against trial {e.Leader})";

    /// <summary>
    /// What TPE learns from a trial: its mean accuracy, over the folds that eliminated it when racing did (a fold it finished after
    /// its round depends on timing, so it must not steer proposals); null without a finished fold.
    /// </summary>
    double? Score(int trialIndex)
    {
        if (Race?.Eliminated.GetValueOrDefault(trialIndex) is not { } e) return Progress(trialIndex).MeanAccuracy;
        var decided = JobsOf(trialIndex).Take(e.Round).Where(j => j.Outcome is not null).Select(j => j.Outcome!.Test.Accuracy).ToList();
        return decided.Count > 0 ? decided.Average() : null;
    }

    /// <summary>Trials the sweep will have: all of them, for a TPE search also those of rounds not proposed yet.</summary>
    public int PlannedTrials => _points is null ? Trials.Length : Submission.Definition.Search!.Trials;

    /// <summary>Jobs the sweep will run: its folds (of every TPE round to come too), and the refit when the sweep file asks for one.</summary>
    public int PlannedJobs => Jobs.Length + (PlannedTrials - Trials.Length) * FoldsPerTrial + (Submission.Definition.Refit ? 1 : 0);

    /// <summary>Counts (a requested refit and TPE rounds to come count as queued until they exist), an ETA from the throughput so far, per-trial progress and running jobs.</summary>
    public SweepStatus Status(DateTimeOffset now)
    {
        var all = AllJobs.ToList();
        int done = all.Count(j => j.Status == JobStatus.Done);
        int failed = all.Count(j => j.Status == JobStatus.Failed);
        int running = all.Count(j => j.Status == JobStatus.Running);
        // A requested refit and the folds of TPE rounds still to come count as queued while the sweep runs.
        int queued = all.Count(j => j.Status == JobStatus.Queued) + (State == SweepState.Running
            ? (Refit is null && Submission.Definition.Refit ? 1 : 0) + (PlannedTrials - Trials.Length) * FoldsPerTrial
            : 0);
        double? eta = null;
        if (State == SweepState.Running && done > 0)
            eta = (now - Created).TotalSeconds / done * (queued + running);
        var runningJobs = all.Where(j => j.Status == JobStatus.Running && j.Slot is not null)
            .Select(j => new RunningJob(j.Spec.JobId, j.Spec.Describe(), j.Attempts, j.Slot!, j.EpochsDone,
                j.Spec.Training.Epochs, j.LastEpoch, j.Started))
            .ToArray();
        return new SweepStatus(Id, Name, State, Math.Max(PlannedJobs, all.Count), done, running, queued, failed, Created, Finished, eta,
            Enumerable.Range(0, Trials.Length).Select(Progress).ToArray(), runningJobs, Deadline);
    }

    /// <summary>
    /// Everything a report needs: the refit's weights left out (they are the model file's, see <see cref="Model"/>), and the
    /// error galleries of every trial but the best (the only one a report shows), so the message stays far below the
    /// cluster's frame limit however many folds a sweep has (a gallery is about 41 KB a fold).
    /// </summary>
    public SweepResults Results()
    {
        int? best = BestTrialIndex();
        return new(Id, Submission.Definition, Submission.Dataset, Trials,
            Jobs.Take(FirstInnerJob).Select(Record).Select(r => r is { Outcome: { Gallery: not null } outcome } && r.TrialIndex != best
                ? r with { Outcome = outcome with { Gallery = null } }
                : r).ToArray(),
            State, Created, Finished, Submission.SourceName, Submission.SourceHash,
            Refit is null ? null : Record(Refit) with { Outcome = Refit.Outcome is null ? null : Refit.Outcome with { Weights = null } },
            Submission.Definition.CrossValidation.Nested ? Jobs.Skip(FirstInnerJob).Select(Record).ToArray() : null);
    }

    /// <summary>The final model, once the refit job has produced it.</summary>
    public ModelFile? Model()
    {
        if (Refit is not { Outcome: { Weights: byte[] weights } outcome }) return null;
        var trial = Trials[Refit.Spec.TrialIndex];
        var facts = Submission.Dataset;
        return new ModelFile(ModelFile.CurrentFormat, trial.Architecture, facts.Height, facts.Width, facts.Classes, Refit.Spec.Training,
            trial.Noise, Id, trial.Label, facts.Fingerprint, outcome.Test, weights, facts.Channels);
    }

    static JobRecord Record(JobState j) => new(j.Spec.JobId, j.Spec.TrialIndex, j.Spec.Repeat, j.Spec.Fold, j.Attempts, j.Outcome, j.Error, j.Spec.InnerFold);
}
