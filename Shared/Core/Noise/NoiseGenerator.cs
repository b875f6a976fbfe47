using Crossfold.Core.Data;
using Crossfold.Core.Randomness;

namespace Crossfold.Core.Noise;

/// <summary>
/// Adds seeded pixel noise to dataset images, independently to every pixel of every channel. Every noisy value is a pure
/// function of (noise seed, image index, value index, spec), so a worker can regenerate exactly the images of
/// its fold, in any order, on any thread or machine, and get the same bits as every other worker.
/// </summary>
/// <remarks>
/// Layout of the randomness (changing it changes every sweep's pixels; a test pins it): image i has the
/// key CounterRandom.Bits(noiseSeed, i); its values are numbered p = (c·H + y)·W + x as <see cref="Dataset.Pixels"/>
/// holds them (for one channel, the pixel's row-major index, as before channels existed); Gaussian and speckle pixel p take NormalSequence.At(key, p),
/// uniform and salt-and-pepper pixel p take the 64 bits CounterRandom.Sequence(key, p). The arithmetic
/// avoids the platform's math library, so Windows, Linux, x64 and Arm workers agree.
/// </remarks>
public static class NoiseGenerator
{
    // About 0.2 ms of Gaussian work per task on one core: large enough that scheduling is noise,
    // small enough that 2-16 cores stay busy to the end of a fold-sized batch.
    private const int ImagesPerTask = 64;

    /// <summary>
    /// Writes the noisy images of <paramref name="data"/> at <paramref name="indices"/>, in that order,
    /// into <paramref name="destination"/>: image indices[j] lands at
    /// destination[j * PixelsPerImage .. (j + 1) * PixelsPerImage), channel by channel, row-major like <see cref="Dataset.Pixels"/>.
    /// <para>Shapes: destination needs at least indices.Length * PixelsPerImage floats; only that many are written.</para>
    /// <para>Randomness: pixel p of image i is drawn from (noiseSeed, i, p) alone, never from a shared
    /// stream, so subsets, orders and thread counts do not change it. Every sigma uses the same standard
    /// normal draw for a given (seed, i, p), so noise levels of one sweep are comparable pixel by pixel
    /// (common random numbers); likewise the pixels salt-and-pepper hits at fraction 0.1 are among those it
    /// hits at 0.2. Results are clipped to [0, 1].</para>
    /// </summary>
    /// <exception cref="InputException">The spec is invalid (see <see cref="NoiseValidation"/>).</exception>
    /// <exception cref="ArgumentException">destination is too short or an index is outside the dataset.</exception>
    public static void Apply(Dataset data, NoiseSpec spec, ulong noiseSeed, ReadOnlySpan<int> indices, Span<float> destination) =>
        Apply(data, spec, noiseSeed, indices, destination, parallel: true);

    /// <summary>
    /// As <see cref="Apply(Dataset, NoiseSpec, ulong, ReadOnlySpan{int}, Span{float})"/>, into a new
    /// array of indices.Length * PixelsPerImage floats.
    /// </summary>
    public static float[] Apply(Dataset data, NoiseSpec spec, ulong noiseSeed, ReadOnlySpan<int> indices)
    {
        var destination = new float[(long)indices.Length * data.PixelsPerImage];
        Apply(data, spec, noiseSeed, indices, destination, parallel: true);
        return destination;
    }

    /// <summary>The same, with the thread fan-out switchable so tests can compare it against one thread.</summary>
    internal static unsafe void Apply(Dataset data, NoiseSpec spec, ulong noiseSeed, ReadOnlySpan<int> indices,
        Span<float> destination, bool parallel)
    {
        NoiseValidation.Validate(spec);
        int pixels = data.PixelsPerImage;
        if (destination.Length < (long)indices.Length * pixels)
            throw new ArgumentException(
                $"destination holds {destination.Length} floats; {indices.Length} images of {pixels} pixels need {(long)indices.Length * pixels}",
                nameof(destination));
        foreach (int index in indices)
            if ((uint)index >= (uint)data.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"{data.Name} has {data.Count} images");

        int tasks = (indices.Length + ImagesPerTask - 1) / ImagesPerTask;
        if (!parallel || tasks < 2)
        {
            ApplyImages(data, spec, noiseSeed, indices, destination);
            return;
        }

        // Parallel.For cannot capture spans; pinning them for the (synchronous) loop is safe and costs nothing.
        fixed (int* indexPointer = indices)
        fixed (float* destinationPointer = destination)
        {
            nint indexAddress = (nint)indexPointer, destinationAddress = (nint)destinationPointer;
            int count = indices.Length;
            Parallel.For(0, tasks, task =>
            {
                int first = task * ImagesPerTask;
                int taken = Math.Min(ImagesPerTask, count - first);
                var taskIndices = new ReadOnlySpan<int>((int*)indexAddress + first, taken);
                var taskDestination = new Span<float>((float*)destinationAddress + (long)first * pixels, taken * pixels);
                ApplyImages(data, spec, noiseSeed, taskIndices, taskDestination);
            });
        }
    }

    private static void ApplyImages(Dataset data, NoiseSpec spec, ulong noiseSeed, ReadOnlySpan<int> indices, Span<float> destination)
    {
        int pixels = data.PixelsPerImage;
        bool normal = spec.Kind is NoiseKind.Gaussian or NoiseKind.Speckle;
        // One image's normal draws; on the stack for MNIST- and CIFAR-sized images.
        Span<double> normals = !normal ? default : pixels <= 4096 ? stackalloc double[pixels] : new double[pixels];
        for (int j = 0; j < indices.Length; j++)
        {
            int index = indices[j];
            // One key per image; pixel p of that image uses value p of the key's sequence.
            ulong key = CounterRandom.Bits(noiseSeed, (ulong)index);
            ReadOnlySpan<float> clean = data.Image(index);
            Span<float> noisy = destination.Slice(j * pixels, pixels);
            if (normal) NormalSequence.Fill(key, normals);
            ApplyImage(spec, key, normals, clean, noisy);
        }
    }

    /// <summary>
    /// Noises one image. Gaussian and speckle read pixel p's standard normal from
    /// <paramref name="normals"/>[p] = NormalSequence.At(key, p); uniform and salt-and-pepper use the
    /// 64 bits CounterRandom.Sequence(key, p).
    /// </summary>
    private static void ApplyImage(NoiseSpec spec, ulong key, ReadOnlySpan<double> normals, ReadOnlySpan<float> clean, Span<float> noisy)
    {
        double amount = spec.Amount;
        switch (spec.Kind)
        {
            case NoiseKind.None:
                clean.CopyTo(noisy);
                break;
            case NoiseKind.Gaussian:
                for (int p = 0; p < clean.Length; p++)
                    noisy[p] = Clip(clean[p] + amount * normals[p]);
                break;
            case NoiseKind.Speckle:
                for (int p = 0; p < clean.Length; p++)
                    noisy[p] = Clip(clean[p] + clean[p] * amount * normals[p]);
                break;
            case NoiseKind.Uniform:
                for (int p = 0; p < clean.Length; p++)
                {
                    double u = CounterRandom.HalfOpenUnit(CounterRandom.Sequence(key, (ulong)p));
                    noisy[p] = Clip(clean[p] + amount * (2.0 * u - 1.0));
                }
                break;
            case NoiseKind.SaltAndPepper:
                for (int p = 0; p < clean.Length; p++)
                {
                    ulong bits = CounterRandom.Sequence(key, (ulong)p);
                    // The top 53 bits decide whether the pixel is hit, the lowest bit whether it turns white.
                    noisy[p] = CounterRandom.HalfOpenUnit(bits) < amount ? (bits & 1) : clean[p];
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown noise kind");
        }
    }

    // Min/Max rather than Math.Clamp: Clamp branches, and noisy pixels clip at random, so it mispredicts.
    private static float Clip(double value) => (float)Math.Min(Math.Max(value, 0.0), 1.0);
}
