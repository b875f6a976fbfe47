using Crossfold.Core.Search;
using Crossfold.Core.Statistics;
using Crossfold.Core.Training;

namespace Crossfold.Reports;

/// <summary>
/// A sweep's aggregated fold report: provenance, and for every trial its per-fold results and their
/// mean, standard deviations and confidence intervals (Nadeau-Bengio corrected, and the naive one for
/// comparison), per-class metrics, mean learning curve and its comparison with the best trial; when the
/// sweep varies noise, each model's robustness curve; for a random or TPE search, its <see cref="SearchHistory"/> in proposal
/// order; the best trial's <see cref="ErrorGallery"/> (its most confident mistakes); with <c>evaluate.noise</c>, each model's
/// <see cref="CrossNoiseMatrix"/>; for a nested sweep, the <see cref="NestedReport"/>; <see cref="SelectionCaution"/> warns, when more than
/// a few trials compete, that the best trial's mean is optimistic. Built by <see cref="ReportBuilder"/>; written by the report writers
/// (JSON, Markdown, CSV, HTML; see <see cref="ReportRenderer"/>) and drawn by <see cref="Plots.ReportPlots"/>.
/// </summary>
public sealed record SweepReport(
    string SweepId,
    string Name,
    string State,
    ProvenanceReport Provenance,
    DatasetReport Dataset,
    string CrossValidation,
    IReadOnlyList<TrialReport> Trials,
    int? BestTrial,
    RefitReport? Refit = null,
    IReadOnlyList<RobustnessCurve>? Robustness = null,
    RacingSummary? Racing = null,
    string? SelectionCaution = null,
    IReadOnlyList<SearchHistoryPoint>? SearchHistory = null,
    ErrorGallery? ErrorGallery = null,
    IReadOnlyList<CrossNoiseMatrix>? CrossNoise = null,
    NestedReport? Nested = null);

/// <summary>
/// The final model (<c>refit: true</c>): the best trial trained on every training image and tested on
/// the held-out split, or why that failed.
/// </summary>
public sealed record RefitReport(
    int Trial,
    string Label,
    int Epochs,
    int TrainImages,
    int TestImages,
    double? TestAccuracy,
    double? TestLoss,
    int[] Confusion,
    double Seconds,
    string Node,
    string Device,
    int Attempts,
    string? Error);

/// <summary>
/// Where a report's numbers come from: enough to reproduce them. <see cref="RepeatNoiseSeeds"/> lists each repeat's noise
/// seed when the sweep draws noise per repeat (<c>redraw: per_repeat</c>; the first is <see cref="NoiseSeed"/>), else null.
/// </summary>
public sealed record ProvenanceReport(
    string CrossfoldVersion,
    string SweepFile,
    string SweepFileSha256,
    ulong Seed,
    ulong NoiseSeed,
    ulong FoldSeed,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    double? WallSeconds,
    IReadOnlyList<ulong>? RepeatNoiseSeeds = null,
    IReadOnlyList<EvaluationNoiseSeed>? EvaluationNoiseSeeds = null)
{
    /// <summary>The noise seed(s) in words, for the text reports.</summary>
    public string NoiseSeedText => (RepeatNoiseSeeds is { } seeds
        ? $"noise drawn anew for each repeat, seeds {string.Join(", ", seeds)}"
        : $"noise seed {NoiseSeed}")
        + (EvaluationNoiseSeeds is { Count: > 0 } evaluation
            ? $", evaluation noise seeds {string.Join(", ", evaluation.Select(e => evaluation.Any(o => o.Repeat > 0) ? $"{e.Noise} (repeat {e.Repeat + 1}) {e.Seed}" : $"{e.Noise} {e.Seed}"))}"
            : "");
}

/// <summary>The seed the test images of evaluation noise <see cref="Noise"/> (<c>evaluate.noise</c>) were drawn from in <see cref="Repeat"/> (0-based; only repeat 0 unless drawn per repeat).</summary>
public sealed record EvaluationNoiseSeed(string Noise, int Repeat, ulong Seed);

/// <summary>
/// The dataset the sweep cross-validated on; <see cref="ClassNames"/> (label order) when the sweep file names its classes;
/// <see cref="Channels"/> 1 in a report.json written before images had channels.
/// </summary>
public sealed record DatasetReport(string Source, string Fingerprint, int Images, int Height, int Width, int Classes, int? TestImages,
    IReadOnlyList<string>? ClassNames = null, int Channels = 1)
{
    /// <summary>"28x28", or "32x32, 3 channels" (with <paramref name="times"/> between height and width).</summary>
    public string ImageSize(string times = "x") => $"{Height}{times}{Width}" + (Channels == 1 ? "" : $", {Channels} channels");
}

/// <summary>
/// One trial: what it is, how each fold went, and the summary over folds. <see cref="Parameters"/> is the
/// total as Keras's summary prints it (batch-norm moving statistics included), <see cref="TrainableParameters"/>
/// what the optimizer updates. <see cref="Confusion"/> is the
/// sum of the folds' test confusion matrices (row-major, row = true class), and
/// <see cref="ClassMetrics"/> is read off it; both are over every finished fold. <see cref="AgainstBest"/>
/// is null for the best trial itself and when no trial has a fold. <see cref="NotBitComparable"/> lists the setups
/// (device, threads, CPU instruction set) when its folds ran on more than one, else null (see <see cref="BitComparability"/>).
/// </summary>
public sealed record TrialReport(
    int Index,
    string Label,
    string Architecture,
    string Layers,
    long Parameters,
    long TrainableParameters,
    string Noise,
    string Hyperparameters,
    TrainingSettings Training,
    IReadOnlyList<FoldReport> Folds,
    IReadOnlyList<FailedFoldReport> FailedFolds,
    IReadOnlyList<UnfinishedFoldReport> Unfinished,
    Summary? Accuracy,
    Summary? Loss,
    int[] Confusion,
    bool Best,
    ClassificationReport? ClassMetrics,
    IReadOnlyList<LearningCurvePoint> LearningCurve,
    SignificanceReport? AgainstBest,
    IReadOnlyList<string>? NotBitComparable = null);

/// <summary>
/// One fold's result (on its test part, scored once after training), where it ran, and the seed it trained
/// with (init, dropout, shuffling, validation split). TrainImages trained; ValidationImages (carved out of
/// the training part) chose the epoch; TestImages scored the fold. CpuIsa: on a CPU, the instruction set libtorch ran with.
/// CrossNoise: the same model on the same test images under each evaluation noise (<c>evaluate.noise</c>), else null.
/// </summary>
public sealed record FoldReport(
    int JobId,
    int Repeat,
    int Fold,
    ulong TrainSeed,
    double Accuracy,
    double Loss,
    int BestEpoch,
    int EpochsRun,
    int TrainImages,
    int ValidationImages,
    int TestImages,
    double Seconds,
    string Node,
    string Device,
    int Threads,
    int Attempts,
    IReadOnlyList<EpochMetrics> History,
    int[] Confusion,
    string CpuIsa = "",
    IReadOnlyList<CrossNoiseFold>? CrossNoise = null);

/// <summary>A fold that has no result, and why.</summary>
public sealed record FailedFoldReport(int JobId, int Repeat, int Fold, int Attempts, string Error);

/// <summary>A fold that neither finished nor failed: the sweep was cancelled before it ended (or is still running).</summary>
public sealed record UnfinishedFoldReport(int JobId, int Repeat, int Fold, int Attempts);
