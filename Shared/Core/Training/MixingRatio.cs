using Crossfold.Core.Randomness;

namespace Crossfold.Core.Training;

/// <summary>The share λ a mixup or CutMix batch keeps of its own images: a Beta(α, α) draw, the same on every machine.</summary>
public static class MixingRatio
{
    /// <summary>
    /// A Beta(<paramref name="alpha"/>, <paramref name="alpha"/>) draw from the counter stream <paramref name="seed"/>, by Jöhnk's
    /// method: X = U^(1/α), Y = V^(1/α) until X + Y ≤ 1, then X / (X + Y). Powers are <see cref="PortableMath"/>'s, so the draw
    /// is bit-identical everywhere. Efficient for α ≤ 1 (it accepts at least half the time at α = 1); larger α is refused.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1].</exception>
    public static double Beta(double alpha, ulong seed)
    {
        if (!(alpha > 0 && alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Jöhnk's method here takes α in (0, 1]");
        for (ulong attempt = 0; ; attempt++)
        {
            double x = Power(CounterRandom.UniformOpenZero(seed, attempt, 0), 1 / alpha);
            double y = Power(CounterRandom.UniformOpenZero(seed, attempt, 1), 1 / alpha);
            // Both can underflow to 0 for tiny α; the draw is then retried like a rejection.
            if (x + y <= 1 && x + y > 0) return x / (x + y);
        }
    }

    static double Power(double u, double exponent) => exponent == 1 ? u : PortableMath.Exp(exponent * PortableMath.Log(u));
}
