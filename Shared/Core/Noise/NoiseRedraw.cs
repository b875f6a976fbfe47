namespace Crossfold.Core.Noise;

/// <summary>How often a sweep draws its noise (sweep-file <c>noise: {…, redraw: …}</c>).</summary>
public enum NoiseRedraw
{
    /// <summary>One draw for the whole sweep (default): every repeat sees the same noisy images, so repeats vary folds and training only.</summary>
    PerSweep = 0,
    /// <summary>A new draw for each repeat of repeated CV, so the spread over repeats includes the noise itself.</summary>
    PerRepeat = 1,
}
