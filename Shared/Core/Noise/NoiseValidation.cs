using System.Globalization;

namespace Crossfold.Core.Noise;

/// <summary>Checks that a <see cref="NoiseSpec"/> makes sense before any job uses it.</summary>
public static class NoiseValidation
{
    /// <summary>
    /// What is wrong with <paramref name="spec"/>, as one sentence naming the kind and its parameter
    /// (e.g. "gaussian noise: sigma must be >= 0, got -0.1"), or null when it is valid.
    /// </summary>
    public static string? Problem(NoiseSpec spec)
    {
        string kind = NoiseSpec.KindName(spec.Kind);
        string got = spec.Amount.ToString("R", CultureInfo.InvariantCulture);
        switch (spec.Kind)
        {
            case NoiseKind.None:
                // A non-zero amount on clean images is almost certainly a typo for another kind.
                return spec.Amount == 0 ? null : $"none noise: takes no amount, got {got}";
            case NoiseKind.Gaussian or NoiseKind.Speckle or NoiseKind.Uniform:
                string parameter = NoiseSpec.ParameterName(spec.Kind)!;
                if (!double.IsFinite(spec.Amount)) return $"{kind} noise: {parameter} must be a finite number, got {got}";
                return spec.Amount >= 0 ? null : $"{kind} noise: {parameter} must be >= 0, got {got}";
            case NoiseKind.SaltAndPepper:
                // Written so that NaN fails too: every comparison with NaN is false.
                return spec.Amount is >= 0 and <= 1 ? null : $"{kind} noise: fraction must be between 0 and 1, got {got}";
            default:
                return $"noise: unknown kind {(int)spec.Kind}";
        }
    }

    /// <summary>Throws <see cref="InputException"/> with <see cref="Problem"/>'s message when <paramref name="spec"/> is invalid.</summary>
    public static void Validate(NoiseSpec spec)
    {
        if (Problem(spec) is string problem) throw new InputException(problem);
    }
}
