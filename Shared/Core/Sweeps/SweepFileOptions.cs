namespace Crossfold.Core.Sweeps;

/// <summary>How to read a sweep file: the limits it must respect, and where its dataset paths may point.</summary>
/// <param name="Limits">Jobs and epochs a sweep may ask for.</param>
/// <param name="DatasetsRoot">
/// For a sweep submitted to a coordinator: the directory its dataset paths must lie under (relative ones
/// resolve against it, as the coordinator never sees the sweep file's directory). Null for a local file,
/// whose relative paths resolve against its own directory and may point anywhere.
/// </param>
public sealed record SweepFileOptions(SweepLimits Limits, string? DatasetsRoot = null)
{
    /// <summary>A sweep file on this machine (`crossfold run`).</summary>
    public static SweepFileOptions Local { get; } = new(SweepLimits.Local);
}
