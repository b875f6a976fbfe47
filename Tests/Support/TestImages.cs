using Crossfold.Core.Data;

namespace Crossfold.Tests.Support;

/// <summary>Small in-memory datasets for the noise tests.</summary>
public static class TestImages
{
    /// <summary>count images of height x width, every pixel <paramref name="value"/>.</summary>
    public static Dataset Constant(int count, float value, int height = 28, int width = 28)
    {
        var pixels = new float[count * height * width];
        Array.Fill(pixels, value);
        return new Dataset("constant", pixels, new byte[count], height, width);
    }

    /// <summary>count images with seeded random pixels in [0, 1] and labels 0..9.</summary>
    public static Dataset Random(int count, int seed, int height = 28, int width = 28)
    {
        var random = new System.Random(seed);
        var pixels = new float[count * height * width];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)random.NextDouble();
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)random.Next(10);
        return new Dataset("random", pixels, labels, height, width);
    }

    /// <summary>The floats' exact bits, for comparisons that must not tolerate anything.</summary>
    public static byte[] Bytes(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();
}
