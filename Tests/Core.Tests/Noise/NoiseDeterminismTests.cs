using Crossfold.Core.Noise;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Noise;

/// <summary>
/// Any worker regenerating any subset of noisy images, in any order, on any number of threads, gets the
/// same bits: the property that lets jobs carry a seed instead of images.
/// </summary>
public class NoiseDeterminismTests
{
    public static TheoryData<NoiseKind, double> Kinds => new()
    {
        { NoiseKind.None, 0 },
        { NoiseKind.Gaussian, 0.3 },
        { NoiseKind.SaltAndPepper, 0.2 },
        { NoiseKind.Speckle, 0.5 },
        { NoiseKind.Uniform, 0.4 },
    };

    private static readonly Crossfold.Core.Data.Dataset Data = TestImages.Random(500, seed: 3);
    private static readonly int[] All = Enumerable.Range(0, 500).ToArray();

    [Theory, MemberData(nameof(Kinds))]
    public void Same_seed_gives_identical_bytes(NoiseKind kind, double amount)
    {
        var spec = new NoiseSpec(kind, amount);
        Assert.Equal(TestImages.Bytes(NoiseGenerator.Apply(Data, spec, 42, All)), TestImages.Bytes(NoiseGenerator.Apply(Data, spec, 42, All)));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void A_shuffled_subset_gives_each_image_the_same_bytes(NoiseKind kind, double amount)
    {
        var spec = new NoiseSpec(kind, amount);
        float[] full = NoiseGenerator.Apply(Data, spec, 42, All);
        int[] subset = All.Where(i => i % 3 != 1).OrderBy(i => (i * 7919) % 500).ToArray();
        float[] part = NoiseGenerator.Apply(Data, spec, 42, subset);
        int pixels = Data.PixelsPerImage;
        for (int j = 0; j < subset.Length; j++)
            Assert.Equal(TestImages.Bytes(full.AsSpan(subset[j] * pixels, pixels)), TestImages.Bytes(part.AsSpan(j * pixels, pixels)));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Parallel_and_sequential_runs_give_identical_bytes(NoiseKind kind, double amount)
    {
        var spec = new NoiseSpec(kind, amount);
        var parallel = new float[All.Length * Data.PixelsPerImage];
        var sequential = new float[parallel.Length];
        NoiseGenerator.Apply(Data, spec, 7, All, parallel, parallel: true);
        NoiseGenerator.Apply(Data, spec, 7, All, sequential, parallel: false);
        Assert.Equal(TestImages.Bytes(sequential), TestImages.Bytes(parallel));
    }

    [Fact]
    public void Repeated_indices_give_repeated_images()
    {
        var spec = new NoiseSpec(NoiseKind.Gaussian, 0.2);
        float[] twice = NoiseGenerator.Apply(Data, spec, 5, new[] { 17, 17 });
        int pixels = Data.PixelsPerImage;
        Assert.Equal(TestImages.Bytes(twice.AsSpan(0, pixels)), TestImages.Bytes(twice.AsSpan(pixels, pixels)));
    }

    [Theory]
    [InlineData(NoiseKind.Gaussian, 0.3)]
    [InlineData(NoiseKind.SaltAndPepper, 0.2)]
    [InlineData(NoiseKind.Speckle, 0.5)]
    [InlineData(NoiseKind.Uniform, 0.4)]
    public void Different_seeds_give_different_noise(NoiseKind kind, double amount)
    {
        var spec = new NoiseSpec(kind, amount);
        float[] a = NoiseGenerator.Apply(Data, spec, 42, All);
        float[] b = NoiseGenerator.Apply(Data, spec, 43, All);
        int differing = a.Zip(b).Count(pair => pair.First != pair.Second);
        Assert.True(differing > a.Length / 10, $"only {differing} of {a.Length} pixels differ");
    }

    [Fact]
    public void Different_images_get_different_noise()
    {
        // Same clean pixels everywhere, so any equality between images would come from the noise stream.
        var grey = TestImages.Constant(2, 0.5f);
        float[] noisy = NoiseGenerator.Apply(grey, new NoiseSpec(NoiseKind.Gaussian, 0.1), 42, new[] { 0, 1 });
        int pixels = grey.PixelsPerImage;
        Assert.NotEqual(TestImages.Bytes(noisy.AsSpan(0, pixels)), TestImages.Bytes(noisy.AsSpan(pixels, pixels)));
    }

    [Fact]
    public void Odd_image_sizes_work_and_stay_deterministic()
    {
        var odd = TestImages.Random(130, seed: 9, height: 5, width: 7);
        var spec = new NoiseSpec(NoiseKind.Gaussian, 0.2);
        int[] indices = Enumerable.Range(0, 130).Reverse().ToArray();
        var parallel = new float[130 * 35];
        var sequential = new float[130 * 35];
        NoiseGenerator.Apply(odd, spec, 1, indices, parallel, parallel: true);
        NoiseGenerator.Apply(odd, spec, 1, indices, sequential, parallel: false);
        Assert.Equal(TestImages.Bytes(sequential), TestImages.Bytes(parallel));
        float[] single = NoiseGenerator.Apply(odd, spec, 1, new[] { 0 });
        Assert.Equal(TestImages.Bytes(single), TestImages.Bytes(parallel.AsSpan(129 * 35, 35)));
    }

    /// <summary>
    /// Pins the noise function itself: if this fails, every stored sweep result would silently stop
    /// being reproducible, so a change here must be deliberate (and announced).
    /// </summary>
    [Theory]
    [InlineData(NoiseKind.Gaussian, 0.3, 12756854249040845582UL)]
    [InlineData(NoiseKind.SaltAndPepper, 0.2, 11059312017110060821UL)]
    [InlineData(NoiseKind.Speckle, 0.5, 4142603958848337350UL)]
    [InlineData(NoiseKind.Uniform, 0.4, 16250702624247612208UL)]
    public void The_noise_function_is_pinned(NoiseKind kind, double amount, ulong expectedHash)
    {
        // Clean pixels from arithmetic alone, so nothing but the noise function can move the hash.
        var pixels = new float[16 * 25];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (i * 37 % 101) / 100f;
        var data = new Crossfold.Core.Data.Dataset("pinned", pixels, new byte[16], 5, 5);
        float[] noisy = NoiseGenerator.Apply(data, new NoiseSpec(kind, amount), 20240601, Enumerable.Range(0, 16).ToArray());
        ulong hash = 0xCBF29CE484222325UL; // FNV-1a over the bytes
        foreach (byte b in TestImages.Bytes(noisy)) { hash ^= b; hash *= 0x100000001B3UL; }
        Assert.Equal(expectedHash, hash);
    }
}
