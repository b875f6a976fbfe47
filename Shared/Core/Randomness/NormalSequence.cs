using System.Numerics;
using System.Runtime.InteropServices;

namespace Crossfold.Core.Randomness;

/// <summary>
/// Standard normal values indexed by (key, index), identical on every platform: index 2q and 2q+1 are
/// the two outputs of one Box-Muller transform of <see cref="CounterRandom.Sequence"/>(key, 2q) and
/// (key, 2q+1). <see cref="At"/> is the definition; <see cref="Fill"/> computes the same bits fast.
/// </summary>
public static class NormalSequence
{
    /// <summary>The standard normal value at <paramref name="index"/> of the sequence under <paramref name="key"/>.</summary>
    public static double At(ulong key, ulong index)
    {
        ulong even = index & ~1UL;
        var (z0, z1) = CounterRandom.NormalPair(CounterRandom.Sequence(key, even), CounterRandom.Sequence(key, even + 1));
        return (index & 1) == 0 ? z0 : z1;
    }

    /// <summary>
    /// destination[j] = <see cref="At"/>(key, j) for every j, bit for bit, using SIMD where the CPU has it.
    /// Shapes: any length; an odd length draws the pair of its last value like <see cref="At"/> does.
    /// </summary>
    public static void Fill(ulong key, Span<double> destination)
    {
        int pairs = (destination.Length + 1) / 2;
        // Struct-of-arrays scratch: the pair's two uniforms, overwritten in place by its two normals.
        Span<double> first = pairs <= 1024 ? stackalloc double[pairs] : new double[pairs];
        Span<double> second = pairs <= 1024 ? stackalloc double[pairs] : new double[pairs];
        for (int q = 0; q < pairs; q++)
        {
            first[q] = CounterRandom.OpenUnit(CounterRandom.Sequence(key, 2 * (ulong)q));
            second[q] = CounterRandom.HalfOpenUnit(CounterRandom.Sequence(key, 2 * (ulong)q + 1));
        }

        int done = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> radiusInputs = MemoryMarshal.Cast<double, Vector<double>>(first);
            Span<Vector<double>> turns = MemoryMarshal.Cast<double, Vector<double>>(second);
            for (int v = 0; v < radiusInputs.Length; v++)
            {
                // CounterRandom.BoxMuller, lane by lane: the same operations, so the same bits.
                var radius = Vector.SquareRoot(-2.0 * PortableMath.Log(radiusInputs[v]));
                var (sin, cos) = PortableMath.SinCosTurns(turns[v]);
                radiusInputs[v] = radius * cos;
                turns[v] = radius * sin;
            }
            done = radiusInputs.Length * Vector<double>.Count;
        }
        for (int q = done; q < pairs; q++)
            (first[q], second[q]) = CounterRandom.BoxMuller(first[q], second[q]);

        for (int q = 0; q < pairs; q++)
        {
            destination[2 * q] = first[q];
            if (2 * q + 1 < destination.Length) destination[2 * q + 1] = second[q];
        }
    }
}
