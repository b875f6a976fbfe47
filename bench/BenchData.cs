using Crossfold.Core.Data;
using Crossfold.Core.Noise;
using Crossfold.Core.Training;
using Crossfold.Torch.Training;

namespace Crossfold.Bench;

/// <summary>
/// The images every throughput run trains on, Crossfold's and PyTorch's alike: the embedded MNIST t10k
/// split with Gaussian noise sigma 0.5 (noise seed 2024), first <c>count</c> images for training, the
/// last 1,000 for the per-epoch validation.
/// </summary>
static class BenchData
{
    public const double Sigma = 0.5;
    public const ulong NoiseSeed = 2024;
    public const int ValidationCount = 1000;

    public static (ImageSet Train, ImageSet Validation) Load(int trainCount)
    {
        var data = DatasetLoader.Load(DatasetSpec.Embedded()).Train;
        if (trainCount + ValidationCount > data.Count)
            throw new ArgumentException($"at most {data.Count - ValidationCount} training images");
        return (Noisy(data, 0, trainCount), Noisy(data, data.Count - ValidationCount, ValidationCount));
    }

    static ImageSet Noisy(Dataset data, int start, int count)
    {
        var indices = Enumerable.Range(start, count).ToArray();
        var pixels = NoiseGenerator.Apply(data, new NoiseSpec(NoiseKind.Gaussian, Sigma), NoiseSeed, indices);
        return new ImageSet(pixels, indices.Select(i => data.Labels[i]).ToArray(), data.Height, data.Width, data.Channels);
    }

    /// <summary>Writes the training images as raw little-endian float32 (N x 28 x 28) and the labels as bytes, for pytorch_bench.py.</summary>
    public static void Export(int trainCount, string directory)
    {
        var (train, _) = Load(trainCount);
        Directory.CreateDirectory(directory);
        using (var images = File.Create(Path.Combine(directory, "train-images.f32")))
            images.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(train.Pixels.AsSpan()));
        File.WriteAllBytes(Path.Combine(directory, "train-labels.u8"), train.Labels);
    }
}
