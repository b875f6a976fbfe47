using Crossfold.Core.Randomness;

namespace Crossfold.Core.Search;

/// <summary>
/// A seeded low-discrepancy sequence of points in [0, 1)^d: the Halton sequence (radical inverses in
/// the first d primes), each coordinate shifted modulo 1 by a seeded offset (a Cranley-Patterson
/// rotation). A handful of points covers the cube far more evenly than independent draws, which is
/// what a small random search needs; the shift makes different seeds give different points.
/// </summary>
public static class HaltonSequence
{
    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71];

    /// <summary>The most dimensions it supports.</summary>
    public static int MaxDimensions => Primes.Length;

    /// <summary>Point <paramref name="index"/> (from 0) of the sequence seeded by <paramref name="seed"/>, in <paramref name="dimensions"/> dimensions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More dimensions than <see cref="MaxDimensions"/>, or a negative index.</exception>
    public static double[] Point(ulong seed, long index, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        var point = new double[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            // Index + 1: the radical inverse of 0 is 0 in every base, which would put the first point in a corner.
            double x = RadicalInverse(index + 1, Primes[d]) + CounterRandom.Uniform(seed, (ulong)d);
            point[d] = x >= 1 ? x - 1 : x;
        }
        return point;
    }

    /// <summary>The digits of <paramref name="n"/> in base <paramref name="b"/> mirrored behind the point: 1, 2, 3 in base 2 give 0.5, 0.25, 0.75.</summary>
    internal static double RadicalInverse(long n, int b)
    {
        double result = 0, scale = 1.0 / b;
        for (; n > 0; n /= b, scale /= b) result += (n % b) * scale;
        return result;
    }
}
