using System.Numerics;
using System.Runtime.CompilerServices;

namespace Crossfold.Core.Randomness;

/// <summary>
/// Logarithm, exponential and sine/cosine written with IEEE +, -, *, / only, so they give the same bits on every
/// OS, CPU and runtime. Math.Log and Math.Cos call the platform's C library, whose last bit may differ
/// between a Windows laptop and a Linux GPU node; noise regenerated on different workers must not, and
/// neither may the trials a random search draws (log-uniform distributions).
/// Accurate to about 1e-15 relative, far more than the float32 pixels they feed need.
/// The <see cref="Vector{T}"/> overloads perform exactly the same IEEE operations per lane, so they
/// return the same bits as the scalar ones (tested), on any vector width.
/// </summary>
internal static class PortableMath
{
    // ln 2 split so that e * Ln2Hi is exact for |e| < 2^11 (Ln2Hi has 11 trailing zero bits).
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Sqrt2 = 1.4142135623730951;
    private const double HalfPi = 1.5707963267948966;
    private const double InvLn2 = 1.4426950408889634;
    // Adding 2^52 to a double in [0, 2^52) rounds it to an integer (ties to even) held in the low bits.
    private const double TwoTo52 = 4503599627370496.0;
    private const long TwoTo52Bits = 0x4330_0000_0000_0000L;
    private const long ExponentOne = 0x3FF0_0000_0000_0000L;
    private const long SignificandMask = 0x000F_FFFF_FFFF_FFFFL;

    /// <summary>
    /// Natural logarithm of a positive, normal, finite <paramref name="x"/> (the only inputs the normal
    /// draw produces); other inputs are a caller bug and give an unspecified value.
    /// </summary>
    public static double Log(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023;
        // The significand with its exponent set to 2^0: m in [1, 2), exactly.
        double m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        // Centre the range on 1 so the series argument stays small: m in [sqrt(1/2), sqrt(2)).
        if (m > Sqrt2) { m *= 0.5; e += 1; }
        // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716: the odd series reaches 1e-16 by s^19.
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double series = 1.0 / 19.0;
        series = series * s2 + 1.0 / 17.0;
        series = series * s2 + 1.0 / 15.0;
        series = series * s2 + 1.0 / 13.0;
        series = series * s2 + 1.0 / 11.0;
        series = series * s2 + 1.0 / 9.0;
        series = series * s2 + 1.0 / 7.0;
        series = series * s2 + 1.0 / 5.0;
        series = series * s2 + 1.0 / 3.0;
        double lnM = 2.0 * s + 2.0 * s * s2 * series;
        return e * Ln2Hi + (e * Ln2Lo + lnM);
    }

    /// <summary>
    /// e^<paramref name="x"/> for |x| &lt;= 708 (normal, finite results: what the log-uniform draws of a random search
    /// need); other inputs are a caller bug and give an unspecified value.
    /// </summary>
    public static double Exp(double x)
    {
        // x = k ln 2 + r with k the nearest integer to x / ln 2, so |r| <= ln 2 / 2; k * Ln2Hi is exact (|k| < 2^11).
        double k = Math.Round(x * InvLn2);
        double r = (x - k * Ln2Hi) - k * Ln2Lo;
        // e^r by its Taylor series to r^14 / 14!: the first omitted term is below 1e-19 for |r| <= 0.347.
        double series = 1.0 / 87178291200;
        series = series * r + 1.0 / 6227020800;
        series = series * r + 1.0 / 479001600;
        series = series * r + 1.0 / 39916800;
        series = series * r + 1.0 / 3628800;
        series = series * r + 1.0 / 362880;
        series = series * r + 1.0 / 40320;
        series = series * r + 1.0 / 5040;
        series = series * r + 1.0 / 720;
        series = series * r + 1.0 / 120;
        series = series * r + 1.0 / 24;
        series = series * r + 1.0 / 6;
        series = series * r + 0.5;
        series = series * r + 1.0;
        series = series * r + 1.0;
        // 2^k, exactly, from its exponent bits.
        return series * BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
    }

    /// <summary>
    /// sin and cos of 2π<paramref name="turns"/> for <paramref name="turns"/> in [0, 1) (a fraction of a
    /// full circle, which is what a uniform draw gives; working in turns makes the range reduction exact).
    /// </summary>
    public static (double Sin, double Cos) SinCosTurns(double turns)
    {
        // Quarter turns: the nearest whole quarter q and the remainder r in [-1/2, 1/2] (both exact),
        // so the polynomial only ever sees |x| <= pi/4.
        double quarters = turns * 4.0;
        double q = Math.Round(quarters);
        double x = (quarters - q) * HalfPi;
        double x2 = x * x;
        // Taylor series; the first omitted terms are below 5e-17 on |x| <= pi/4.
        double sin = x + x * x2 * (-1.0 / 6 + x2 * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * (1.0 / 362880
            + x2 * (-1.0 / 39916800 + x2 * (1.0 / 6227020800 + x2 * (-1.0 / 1307674368000)))))));
        double cos = 1.0 + x2 * (-1.0 / 2 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40320
            + x2 * (-1.0 / 3628800 + x2 * (1.0 / 479001600 + x2 * (-1.0 / 87178291200
            + x2 * (1.0 / 20922789888000))))))));
        return ((int)q & 3) switch
        {
            0 => (sin, cos),
            1 => (cos, -sin),
            2 => (-sin, -cos),
            _ => (-cos, sin),
        };
    }

    /// <summary><see cref="Log(double)"/> on every lane: the same operations, so the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // keeps the vectors in registers across the call
    public static Vector<double> Log(Vector<double> x)
    {
        var bits = Vector.AsVectorInt64(x);
        var biasedExponent = Vector.ShiftRightLogical(bits, 52) & new Vector<long>(0x7FF);
        // The exponent as a double, exactly: 2^52 + n has n in its low bits.
        var e = Vector.AsVectorDouble(biasedExponent | new Vector<long>(TwoTo52Bits)) - new Vector<double>(TwoTo52)
            - new Vector<double>(1023.0);
        var m = Vector.AsVectorDouble((bits & new Vector<long>(SignificandMask)) | new Vector<long>(ExponentOne));
        var high = Vector.GreaterThan(m, new Vector<double>(Sqrt2));
        m = Vector.ConditionalSelect(high, m * 0.5, m);
        e = Vector.ConditionalSelect(high, e + Vector<double>.One, e);
        var s = (m - Vector<double>.One) / (m + Vector<double>.One);
        var s2 = s * s;
        var series = new Vector<double>(1.0 / 19.0);
        series = series * s2 + new Vector<double>(1.0 / 17.0);
        series = series * s2 + new Vector<double>(1.0 / 15.0);
        series = series * s2 + new Vector<double>(1.0 / 13.0);
        series = series * s2 + new Vector<double>(1.0 / 11.0);
        series = series * s2 + new Vector<double>(1.0 / 9.0);
        series = series * s2 + new Vector<double>(1.0 / 7.0);
        series = series * s2 + new Vector<double>(1.0 / 5.0);
        series = series * s2 + new Vector<double>(1.0 / 3.0);
        var lnM = 2.0 * s + 2.0 * s * s2 * series;
        return e * Ln2Hi + (e * Ln2Lo + lnM);
    }

    /// <summary><see cref="SinCosTurns(double)"/> on every lane: the same operations, so the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<double> Sin, Vector<double> Cos) SinCosTurns(Vector<double> turns)
    {
        var quarters = turns * 4.0;
        var shifted = quarters + new Vector<double>(TwoTo52);
        var q = shifted - new Vector<double>(TwoTo52);              // = Math.Round(quarters), ties to even
        var quadrant = Vector.AsVectorInt64(shifted);                // q in the low bits
        var x = (quarters - q) * HalfPi;
        var x2 = x * x;
        var sin = x + x * x2 * (new Vector<double>(-1.0 / 6) + x2 * (new Vector<double>(1.0 / 120) + x2 * (new Vector<double>(-1.0 / 5040)
            + x2 * (new Vector<double>(1.0 / 362880) + x2 * (new Vector<double>(-1.0 / 39916800) + x2 * (new Vector<double>(1.0 / 6227020800)
            + x2 * new Vector<double>(-1.0 / 1307674368000)))))));
        var cos = Vector<double>.One + x2 * (new Vector<double>(-1.0 / 2) + x2 * (new Vector<double>(1.0 / 24) + x2 * (new Vector<double>(-1.0 / 720)
            + x2 * (new Vector<double>(1.0 / 40320) + x2 * (new Vector<double>(-1.0 / 3628800) + x2 * (new Vector<double>(1.0 / 479001600)
            + x2 * (new Vector<double>(-1.0 / 87178291200) + x2 * new Vector<double>(1.0 / 20922789888000))))))));
        // Quarter q rotates (sin, cos) to (sin, cos), (cos, -sin), (-sin, -cos), (-cos, sin) for q = 0..3.
        var swap = Vector.Equals(quadrant & Vector<long>.One, Vector<long>.One);
        var sinSign = Vector.ShiftLeft(quadrant & new Vector<long>(2), 62);
        var cosSign = Vector.ShiftLeft((quadrant ^ Vector.ShiftRightLogical(quadrant, 1)) & Vector<long>.One, 63);
        var rotatedSin = Vector.AsVectorInt64(Vector.ConditionalSelect(swap, cos, sin)) ^ sinSign;
        var rotatedCos = Vector.AsVectorInt64(Vector.ConditionalSelect(swap, sin, cos)) ^ cosSign;
        return (Vector.AsVectorDouble(rotatedSin), Vector.AsVectorDouble(rotatedCos));
    }
}
