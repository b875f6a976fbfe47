using Crossfold.Core.Noise;
using Crossfold.Core.Randomness;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// Every seed a sweep's jobs use, derived from the sweep seed in one place, so the plan that makes the
/// jobs and the report that names their seeds cannot disagree.
/// </summary>
public static class SweepSeeds
{
    /// <summary>The folds' seed: the same for every trial, so all trials see identical folds.</summary>
    public static ulong Folds(ulong sweepSeed) => CounterRandom.Derive(sweepSeed, "folds");

    /// <summary>The sweep's noise draw: the same for every trial, so all trials see identical noisy images.</summary>
    public static ulong Noise(ulong sweepSeed) => CounterRandom.Derive(sweepSeed, "noise");

    /// <summary>
    /// The noise draw of <paramref name="repeat"/>: the sweep's one draw, or with <see cref="NoiseRedraw.PerRepeat"/> a draw of
    /// that repeat's own (still shared by every trial and fold of the repeat, so trials stay paired; repeat 0 keeps the sweep's draw).
    /// </summary>
    public static ulong Noise(ulong sweepSeed, NoiseRedraw redraw, int repeat) =>
        redraw == NoiseRedraw.PerRepeat ? CounterRandom.Derive(sweepSeed, "noise", (ulong)repeat) : Noise(sweepSeed);

    /// <summary>
    /// The test images' noise draw for evaluation noise <paramref name="index"/> (its place in <c>evaluate.noise</c>) in
    /// <paramref name="repeat"/>: one per evaluation noise, shared by every trial and fold so trials stay paired, and a purpose
    /// of its own, so never the training noise's draw; with <see cref="NoiseRedraw.PerRepeat"/> each repeat draws anew.
    /// </summary>
    public static ulong Evaluation(ulong sweepSeed, int index, NoiseRedraw redraw, int repeat) =>
        CounterRandom.Derive(sweepSeed, "evaluation-noise", (ulong)index, redraw == NoiseRedraw.PerRepeat ? (ulong)repeat : 0);

    /// <summary>
    /// The training seed (initial weights, batch order, dropout, shifts, validation split) of a fold,
    /// shared by every trial so trials differ only in what they vary.
    /// </summary>
    public static ulong Train(ulong sweepSeed, int repeat, int fold) => CounterRandom.Derive(sweepSeed, "train", (ulong)repeat, (ulong)fold);

    /// <summary>
    /// The training seed of inner fold <paramref name="inner"/> of outer fold (<paramref name="repeat"/>, <paramref name="fold"/>) in
    /// nested cross-validation, shared by every trial like <see cref="Train"/>.
    /// </summary>
    public static ulong InnerTrain(ulong sweepSeed, int repeat, int fold, int inner) => CounterRandom.Derive(Train(sweepSeed, repeat, fold), "inner", (ulong)inner);

    /// <summary>The final model's training seed (<c>refit: true</c>).</summary>
    public static ulong Refit(ulong sweepSeed) => CounterRandom.Derive(sweepSeed, "refit");
}
