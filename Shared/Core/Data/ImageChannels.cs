namespace Crossfold.Core.Data;

/// <summary>The checks and the transposition every image reader shares for images with a channel axis.</summary>
internal static class ImageChannels
{
    /// <summary>Images have at most this many channels: grey, grey + alpha, RGB, RGBA. More is more likely a misread axis.</summary>
    public const int Max = 4;

    /// <summary>What is wrong with <paramref name="channels"/> channels read from <paramref name="shape"/>, or null.</summary>
    public static string? Problem(long channels, string shape, ImageLayout layout) => channels is >= 1 and <= Max ? null
        : $"images of shape {shape} read as {Name(layout)} have {channels} channels; Crossfold takes 1 to {Max} (grey, grey + alpha, RGB, RGBA)" +
          " — is dataset.layout right?";

    /// <summary>How sweep files spell a layout: nhwc or nchw.</summary>
    public static string Name(ImageLayout layout) => layout == ImageLayout.Nchw ? "nchw" : "nhwc";

    /// <summary>
    /// Reorders <paramref name="count"/> images of <paramref name="height"/> x <paramref name="width"/> x
    /// <paramref name="channels"/> (channels last) into channels first, the order <see cref="Dataset"/> holds; one channel needs no copy.
    /// </summary>
    public static float[] ToChannelsFirst(float[] pixels, int count, int height, int width, int channels)
    {
        if (channels == 1) return pixels;
        var result = new float[pixels.Length];
        int plane = height * width, image = plane * channels;
        for (long n = 0; n < count; n++)
        {
            long start = n * image;
            for (int p = 0; p < plane; p++)
                for (int c = 0; c < channels; c++)
                    result[start + (long)c * plane + p] = pixels[start + (long)p * channels + c];
        }
        return result;
    }
}
