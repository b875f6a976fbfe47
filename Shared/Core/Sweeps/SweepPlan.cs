using Crossfold.Core.Architectures;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Core.Training;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// A sweep expanded into work: its trials (architecture x noise x hyperparameter combination, nested in
/// that order, so a report reads architecture by architecture) and one job per trial, repeat and fold; a nested
/// sweep (<c>folds.inner_k</c>) adds, after all of those, one inner job per trial, repeat, outer fold and inner fold. A TPE
/// search's plan holds its first round; the coordinator adds each later round as the one before it ends (see <see cref="Tpe"/>).
/// A pure function of its inputs: the same definition, id and fingerprint always give the same plan,
/// whichever coordinator makes it.
/// </summary>
/// <param name="SweepId">The id the coordinator gave this run of the sweep; every job carries it.</param>
/// <param name="Definition">The sweep as parsed.</param>
/// <param name="Trials">Trial i is at index i.</param>
/// <param name="Jobs">Job <c>trial*(repeats*k) + repeat*k + fold</c> is at that index; inner job
/// <c>trials*repeats*k + ((trial*repeats + repeat)*k + fold)*inner_k + inner</c> likewise.</param>
public sealed record SweepPlan(string SweepId, SweepDefinition Definition, IReadOnlyList<Trial> Trials, IReadOnlyList<JobSpec> Jobs)
{
    /// <summary>
    /// The most jobs one sweep may have unless a coordinator says otherwise (--max-jobs-per-sweep): beyond
    /// that a grid was almost certainly written by mistake, and the queue and reports would grow past
    /// what a person can read.
    /// </summary>
    public const int DefaultMaxJobs = 100_000;

    /// <summary>The most jobs any sweep may have, whatever the limits: what the coordinator's memory is sized for.</summary>
    public const int MaxJobsCeiling = 1_000_000;

    /// <summary>Cross-validation jobs (outer folds of a nested sweep) per trial: repeats x folds.</summary>
    public int JobsPerTrial => Definition.CrossValidation.K * Definition.CrossValidation.Repeats;

    /// <summary>The id of the first inner job of a nested sweep (all jobs before it are the trials' folds).</summary>
    public static int FirstInnerJob(SweepDefinition definition, int trials) => trials * definition.CrossValidation.K * definition.CrossValidation.Repeats;

    /// <summary>
    /// The trials of <paramref name="definition"/> for images of <paramref name="imageHeight"/> x <paramref name="imageWidth"/>,
    /// after every check a plan makes: what an intake runs to refuse a sweep before it is submitted, without
    /// expanding its jobs (the coordinator does that, once per submission, in <see cref="Create"/>).
    /// </summary>
    /// <exception cref="InputException">More than <see cref="MaxJobsCeiling"/> jobs, an architecture that does not fit these images, a bad hyperparameter value, or two trials with one label.</exception>
    public static IReadOnlyList<Trial> TrialsOf(SweepDefinition definition, int imageHeight, int imageWidth)
    {
        var def = definition;
        // Whoever accepted the sweep checked its own limit; this guards the coordinator's memory.
        if (TooManyJobs(def, new SweepLimits(MaxJobsCeiling, int.MaxValue)) is string tooMany) throw new InputException(tooMany);
        if (def.CrossValidation.K < 2 || def.CrossValidation.Repeats < 1)
            throw new InputException($"sweep '{def.Name}': needs at least 2 folds and 1 repeat, got {def.CrossValidation}") { Field = "folds" };
        if (def.CrossValidation.Nested && def.CrossValidation.InnerK < 2)
            throw new InputException($"sweep '{def.Name}': nested cross-validation needs at least 2 inner folds, got {def.CrossValidation.InnerK}") { Field = "folds.inner_k" };
        if (def.CrossValidation.Nested && def.Search?.Racing is not null)
            throw new InputException($"sweep '{def.Name}': search.racing cannot run with nested cross-validation (folds.inner_k): racing drops the folds the nested estimate needs") { Field = "search.racing" };
        if (def.Architectures.Length == 0) throw new InputException($"sweep '{def.Name}': has no architectures") { Field = "architectures" };
        if (def.Noise.Length == 0) throw new InputException($"sweep '{def.Name}': has no noise settings (use none for clean images)") { Field = "noise" };
        foreach (var (architecture, i) in def.Architectures.Select((a, i) => (a, i)))
        {
            // The file was checked on 28x28; the dataset actually loaded may be smaller. Its channels and classes change
            // parameter counts, never whether an architecture fits, so one channel and ten classes stand in for them.
            try { ShapeInference.Infer(architecture, 1, imageHeight, imageWidth, 10); }
            catch (InputException e) { throw new InputException($"sweep '{def.Name}': {e.Message} (this dataset's images are {imageHeight}x{imageWidth})", e) { Field = $"architectures[{i}]" }; }
        }

        // The parser refuses both; a definition from elsewhere (the wire, storage) is checked all the same.
        if (def.Search is not { Draws: true } && def.Hyperparameters.FirstOrDefault(a => a.Distribution is not null) is { } drawn)
            throw new InputException($"sweep '{def.Name}': {drawn.Name} is a distribution ({drawn.Distribution}), which a grid cannot enumerate") { Field = $"hyperparameters.{drawn.Name}" };
        if (def.Search is { Draws: true, Trials: < 1 })
            throw new InputException($"sweep '{def.Name}': {SearchSpec.MethodName(def.Search.Method)} search needs search.trials of at least 1") { Field = "search.trials" };
        if (def.Search is { Method: SearchMethod.Tpe } tpe && (tpe.Batch < 1 || def.CrossValidation.Nested))
            throw new InputException($"sweep '{def.Name}': TPE needs search.batch of at least 1, and runs without nested cross-validation") { Field = "search" };
        var trials = new List<Trial>();
        // A TPE search starts with its first round, drawn like random search; later rounds are proposed as results come in.
        if (def.Search is { Draws: true } search) trials.AddRange(RandomSearch.Draw(def, search.FirstRound).Select(t => t.Trial));
        else
            foreach (var architecture in def.Architectures)
                foreach (var noise in def.Noise)
                    foreach (var combination in Combinations(def.Hyperparameters))
                        trials.Add(TrialMaker.Make(def, trials.Count, architecture, noise, combination));
        if (trials.GroupBy(t => t.Label).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw new InputException($"sweep '{def.Name}': {duplicate.Count()} trials share the label '{duplicate.Key}'; reports could not tell them apart") { Field = "architectures" };
        return trials;
    }

    /// <summary>
    /// Expands <paramref name="definition"/> for a dataset of <paramref name="imageHeight"/> x <paramref name="imageWidth"/>
    /// images identified by <paramref name="datasetFingerprint"/>. Seeds all derive from the sweep seed (see
    /// <see cref="SweepSeeds"/>): one noise draw for every trial (all architectures see identical noisy
    /// images; with <c>redraw: per_repeat</c> one per repeat), one fold seed (identical folds), and a training seed per (repeat, fold) shared
    /// across trials, so trials differ only in what they vary; with <c>evaluate.noise</c>, one seed per evaluation noise (per
    /// repeat with its per_repeat), likewise shared.
    /// </summary>
    /// <exception cref="InputException">What <see cref="TrialsOf"/> refuses.</exception>
    public static SweepPlan Create(SweepDefinition definition, string sweepId, string datasetFingerprint, int imageHeight, int imageWidth)
    {
        var def = definition;
        var trials = TrialsOf(def, imageHeight, imageWidth);
        var cv = def.CrossValidation;
        var jobs = new List<JobSpec>(trials.Count * cv.Repeats * cv.K);
        foreach (var trial in trials) jobs.AddRange(FoldJobs(def, sweepId, datasetFingerprint, trial, jobs.Count));
        // Inner jobs choose the trial of each outer fold; they score nothing a report quotes under other noises, so carry none.
        if (cv.Nested)
            foreach (var trial in trials)
                for (int repeat = 0; repeat < cv.Repeats; repeat++)
                    for (int fold = 0; fold < cv.K; fold++)
                        for (int inner = 0; inner < cv.InnerK; inner++)
                            jobs.Add(new JobSpec(sweepId, jobs.Count, trial.Index, trial.Label, def.Dataset, datasetFingerprint, cv, SweepSeeds.Folds(def.Seed),
                                repeat, fold, trial.Noise, SweepSeeds.Noise(def.Seed, def.NoiseRedraw, repeat), trial.Architecture, trial.Training,
                                SweepSeeds.InnerTrain(def.Seed, repeat, fold, inner), InnerFold: inner));
        return new SweepPlan(sweepId, def, trials, jobs);
    }

    /// <summary>
    /// The cross-validation jobs of <paramref name="trial"/>, one per repeat and fold, numbered from <paramref name="firstJobId"/>:
    /// what <see cref="Create"/> makes for every trial, and what a TPE round makes for the trials it proposes.
    /// </summary>
    public static IEnumerable<JobSpec> FoldJobs(SweepDefinition definition, string sweepId, string datasetFingerprint, Trial trial, int firstJobId)
    {
        var def = definition;
        var cv = def.CrossValidation;
        for (int repeat = 0; repeat < cv.Repeats; repeat++)
        {
            var crossNoise = CrossNoise(def, repeat);
            for (int fold = 0; fold < cv.K; fold++)
                yield return new JobSpec(sweepId, firstJobId++, trial.Index, trial.Label, def.Dataset, datasetFingerprint, cv, SweepSeeds.Folds(def.Seed),
                    repeat, fold, trial.Noise, SweepSeeds.Noise(def.Seed, def.NoiseRedraw, repeat), trial.Architecture, trial.Training,
                    SweepSeeds.Train(def.Seed, repeat, fold), CrossNoise: crossNoise);
        }
    }

    /// <summary>The evaluation noises (<c>evaluate.noise</c>) of <paramref name="repeat"/>'s jobs with their seeds; null without any.</summary>
    public static CrossNoiseSpec[]? CrossNoise(SweepDefinition definition, int repeat) => definition.EvaluationNoise is { Length: > 0 } noise
        ? noise.Select((n, i) => new CrossNoiseSpec(n, SweepSeeds.Evaluation(definition.Seed, i, definition.EvaluationRedraw, repeat))).ToArray()
        : null;

    /// <summary>How many jobs <paramref name="definition"/> expands to (saturating at <see cref="long.MaxValue"/>); a nested sweep's 1 + inner_k per outer fold.</summary>
    public static long CountJobs(SweepDefinition definition)
    {
        var cv = definition.CrossValidation;
        long perFold = cv.Nested ? 1L + cv.InnerK : 1;
        long[] factors = definition.Search is { Draws: true }
            ? [definition.Search.Trials, cv.Repeats, cv.K, perFold]
            : [definition.Architectures.Length, definition.Noise.Length, .. definition.Hyperparameters.Select(a => (long)a.Values.Length), cv.Repeats, cv.K, perFold];
        long count = 1;
        foreach (long factor in factors)
        {
            if (factor <= 0) return 0;
            count = count > long.MaxValue / factor ? long.MaxValue : count * factor;
        }
        return count;
    }

    /// <summary>Why <paramref name="definition"/> has more than <see cref="DefaultMaxJobs"/> jobs, or null when it is fine.</summary>
    public static string? TooManyJobs(SweepDefinition definition) => TooManyJobs(definition, SweepLimits.Local);

    /// <summary>Why <paramref name="definition"/> has too many jobs for <paramref name="limits"/>, spelled out factor by factor, or null when it is fine.</summary>
    public static string? TooManyJobs(SweepDefinition definition, SweepLimits limits)
    {
        long count = CountJobs(definition);
        if (count <= limits.MaxJobs) return null;
        var cv = definition.CrossValidation;
        long combinations = definition.Hyperparameters.Aggregate(1L, (p, a) => p > long.MaxValue / Math.Max(1, a.Values.Length) ? long.MaxValue : p * a.Values.Length);
        string repeats = cv.Repeats > 1 ? $" x {cv.Repeats} repeats" : "";
        string folds = cv.Nested ? $"{cv.K} outer folds x (1 + {cv.InnerK} inner folds)" : $"{cv.K} folds";
        if (definition.Search is { Draws: true } search)
            return $"sweep '{definition.Name}' has {Count(search.Trials, search.Method == SearchMethod.Tpe ? "TPE trial" : "random trial")}{repeats} x {folds} = {count:N0} jobs, more than {limits.JobsLimit}; " +
                   "draw fewer trials or split it into several sweeps";
        return $"sweep '{definition.Name}' has {Count(definition.Architectures.Length, "architecture")} x {Count(definition.Noise.Length, "noise setting")} x " +
               $"{Count(combinations, "hyperparameter combination")}{repeats} x {folds} = {count:N0} jobs, more than {limits.JobsLimit}; " +
               "sweep fewer values or split it into several sweeps";
    }

    private static string Count(long n, string what) => n == 1 ? $"1 {what}" : $"{n:N0} {what}s";

    /// <summary>Every combination of the axes' values, the first axis varying slowest; one empty combination when there are no axes.</summary>
    private static List<(string Name, string Value)[]> Combinations(IReadOnlyList<HyperparameterAxis> axes)
    {
        List<(string Name, string Value)[]> combinations = [[]];
        foreach (var axis in axes)
            combinations = combinations.SelectMany(c => axis.Values.Select(v => c.Append((axis.Name, v)).ToArray())).ToList();
        return combinations;
    }
}
