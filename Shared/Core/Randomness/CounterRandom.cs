using System.Runtime.CompilerServices;

namespace Crossfold.Core.Randomness;

/// <summary>
/// Counter-based random numbers: every value is a pure function of (seed, counters), so any worker can
/// regenerate any part of a stream, in any order, in parallel, and get identical bits. Built on the
/// SplitMix64 finaliser, which passes BigCrush as a hash of consecutive counters.
/// </summary>
public static class CounterRandom
{
    /// <summary>Mixes 64 bits into 64 well-distributed bits (SplitMix64 finaliser).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // per-pixel hot path: the JIT does not always inline it unasked
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The random 64 bits at position (a, b, c) of stream <paramref name="seed"/>.</summary>
    public static ulong Bits(ulong seed, ulong a, ulong b = 0, ulong c = 0) =>
        Mix(Mix(Mix(Mix(seed) ^ a) ^ b) ^ c);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public static double Uniform(ulong seed, ulong a, ulong b = 0, ulong c = 0) =>
        (Bits(seed, a, b, c) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1]: safe to take the logarithm of.</summary>
    public static double UniformOpenZero(ulong seed, ulong a, ulong b = 0, ulong c = 0) =>
        ((Bits(seed, a, b, c) >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (Lemire's multiply-shift; bias below 2^-32 for bounds under 2^32).</summary>
    public static int Below(int bound, ulong seed, ulong a, ulong b = 0, ulong c = 0) =>
        (int)((UInt128)(Bits(seed, a, b, c)) * (ulong)bound >> 64);

    /// <summary>A standard normal value (Box-Muller on two counter draws).</summary>
    public static double Normal(ulong seed, ulong a, ulong b = 0, ulong c = 0)
    {
        double u1 = UniformOpenZero(seed, a, b, c * 2);
        double u2 = Uniform(seed, a, b, c * 2 + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// The <paramref name="index"/>-th value of the SplitMix64 sequence started at <paramref name="key"/>:
    /// one mix per value instead of <see cref="Bits"/>'s four, for hot loops that draw many values under
    /// one key (e.g. every pixel of one image, with key = Bits(seed, image)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sequence(ulong key, ulong index) => Mix(key + index * 0x9E3779B97F4A7C15UL);

    /// <summary>
    /// Two independent standard normal values from two random 64-bit words (Box-Muller, both outputs
    /// used). Unlike <see cref="Normal"/> it uses <see cref="PortableMath"/>, so the bits are the same
    /// on every platform; the largest magnitude it can return is about 8.57 (53-bit uniforms).
    /// </summary>
    public static (double Z0, double Z1) NormalPair(ulong bits0, ulong bits1) =>
        BoxMuller(OpenUnit(bits0), HalfOpenUnit(bits1));

    /// <summary>The Box-Muller transform of u1 in (0, 1] and u2 in [0, 1), in portable arithmetic.</summary>
    internal static (double Z0, double Z1) BoxMuller(double u1, double u2)
    {
        double radius = Math.Sqrt(-2.0 * PortableMath.Log(u1));
        var (sin, cos) = PortableMath.SinCosTurns(u2);
        return (radius * cos, radius * sin);
    }

    /// <summary>A uniform double in (0, 1] from the top 53 bits: safe to take the logarithm of.</summary>
    // Converted through long, not ulong: the same value below 2^53, one instruction instead of several.
    internal static double OpenUnit(ulong bits) => (long)((bits >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    internal static double HalfOpenUnit(ulong bits) => (long)(bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>Derives an independent seed for a named purpose, e.g. Derive(sweepSeed, "folds", repeat).</summary>
    public static ulong Derive(ulong seed, string purpose, ulong a = 0, ulong b = 0)
    {
        ulong h = 0xCBF29CE484222325UL; // FNV-1a of the purpose name, so purposes never collide by accident
        foreach (char ch in purpose) { h ^= ch; h *= 0x100000001B3UL; }
        return Bits(seed, h, a, b);
    }

    /// <summary>A seeded Fisher–Yates permutation of 0..n-1.</summary>
    public static int[] Permutation(int n, ulong seed)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = Below(i + 1, seed, (ulong)i);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
