using System.Numerics;

namespace Crossfold.Core.Data;

/// <summary>Turns 8-bit grey levels into float32 pixels in [0,1], the one conversion every reader shares.</summary>
internal static class UnitPixels
{
    /// <summary>
    /// dst[i] = src[i] / 255f. Division, not multiplication by 1/255, because that is what NumPy's
    /// <c>a / np.float32(255)</c> computes: the same images give the same floats, hence the same fingerprint.
    /// </summary>
    public static void FromBytes(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException("destination too short", nameof(dst));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var divisor = new Vector<float>(255f);
            int bytesPerStep = Vector<byte>.Count, floatsPerVector = Vector<float>.Count;
            for (; i <= src.Length - bytesPerStep; i += bytesPerStep)
            {
                Vector.Widen(new Vector<byte>(src[i..]), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> q0, out Vector<uint> q1);
                Vector.Widen(high, out Vector<uint> q2, out Vector<uint> q3);
                Span<float> d = dst[i..];
                (Vector.ConvertToSingle(q0) / divisor).CopyTo(d);
                (Vector.ConvertToSingle(q1) / divisor).CopyTo(d[floatsPerVector..]);
                (Vector.ConvertToSingle(q2) / divisor).CopyTo(d[(2 * floatsPerVector)..]);
                (Vector.ConvertToSingle(q3) / divisor).CopyTo(d[(3 * floatsPerVector)..]);
            }
        }
        for (; i < src.Length; i++) dst[i] = src[i] / 255f;
    }
}
