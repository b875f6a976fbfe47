using Crossfold.Core.Data;
using Crossfold.Core.Noise;
using Crossfold.Core.Training;

namespace Crossfold.Tests.Support;

/// <summary>
/// Real MNIST (the embedded t10k split) with seeded Gaussian noise, cut into disjoint ranges for the
/// training tests. The split is loaded once per test run; every range is a fresh <see cref="ImageSet"/>.
/// </summary>
public static class NoisyMnist
{
    static readonly Lazy<Dataset> Images = new(() => DatasetLoader.Load(DatasetSpec.Embedded()).Train);

    public static Dataset Dataset => Images.Value;

    /// <summary>Images start..start+count-1 of t10k with Gaussian noise of <paramref name="sigma"/> (noise seed 7).</summary>
    public static ImageSet Range(int start, int count, double sigma = 0.5)
    {
        var data = Images.Value;
        var indices = Enumerable.Range(start, count).ToArray();
        var pixels = NoiseGenerator.Apply(data, new NoiseSpec(NoiseKind.Gaussian, sigma), 7, indices);
        return new ImageSet(pixels, indices.Select(i => data.Labels[i]).ToArray(), data.Height, data.Width);
    }

    /// <summary>Everything an epoch reports except its timings, which differ from run to run by nature.</summary>
    public static (int, double, double, double, double)[] WithoutTimings(IEnumerable<EpochMetrics> history) =>
        history.Select(m => (m.Epoch, m.TrainLoss, m.TrainAccuracy, m.ValidationLoss, m.ValidationAccuracy)).ToArray();
}
