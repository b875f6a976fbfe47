namespace Crossfold.Core.Data;

/// <summary>
/// The MNIST t10k split compiled into this assembly (from data/mnist/, see Shared.csproj), so the
/// default dataset needs no file beside the program: it works after publish and in containers.
/// </summary>
internal static class EmbeddedMnist
{
    // Must match the LogicalName of the EmbeddedResource items in Shared.csproj.
    const string ImagesResource = "Crossfold.Data.mnist.t10k-images-idx3-ubyte.gz";
    const string LabelsResource = "Crossfold.Data.mnist.t10k-labels-idx1-ubyte.gz";

    public static Dataset LoadT10k()
    {
        string name = DatasetSpec.EmbeddedMnistT10k;
        ImageArray images;
        byte[] labels;
        using (Stream stream = Open(ImagesResource)) images = IdxReader.ReadImages(stream, $"{name} (embedded {ImagesResource})");
        using (Stream stream = Open(LabelsResource)) labels = IdxReader.ReadLabels(stream, $"{name} (embedded {LabelsResource})");
        return new Dataset(name, images.Pixels, labels, images.Height, images.Width, ClassLabels.Needed(labels));
    }

    static Stream Open(string resource) =>
        typeof(EmbeddedMnist).Assembly.GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"resource {resource} is missing from {typeof(EmbeddedMnist).Assembly.GetName().Name}: the build did not embed data/mnist");
}
