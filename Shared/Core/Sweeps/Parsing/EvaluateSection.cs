using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>
/// Reads <c>evaluate:</c>, what every fold's trained model is also scored under on its test fold:
/// <c>{noise: [...]}</c>, a list in the syntax of the top-level <c>noise:</c> (read by <see cref="NoiseSection"/>).
/// </summary>
internal static class EvaluateSection
{
    private const string Path = "evaluate";
    private static readonly string[] Keys = ["noise"];

    /// <summary>The evaluation noises; null after an error, an empty result when the file has no <c>evaluate</c>.</summary>
    public static NoiseSection.Result? Read(SweepReader r, YamlNode? node)
    {
        if (node is null) return new([], Noise.NoiseRedraw.PerSweep);
        int errorsBefore = r.Errors.Count;
        if (r.Fields(Path, node, Keys, "a mapping like {noise: [{kind: none}, {kind: gaussian, sigma: [0.25, 0.5]}]}") is not { } f) return null;
        if (f["noise"] is not { } noise)
        {
            // A misspelt key was already reported, with its likely spelling: one message per mistake.
            if (r.Errors.Count == errorsBefore) r.Error(f.PathOf("noise"), f.Where("noise"), "required: the noises to score each fold's model under, e.g. [{kind: none}, {kind: gaussian, sigma: 0.5}]");
            return null;
        }
        return NoiseSection.Read(r, noise, f.PathOf("noise"));
    }
}
