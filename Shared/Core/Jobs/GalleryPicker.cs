using Crossfold.Core.Training;

namespace Crossfold.Core.Jobs;

/// <summary>
/// Chooses a fold's <see cref="FoldGallery"/> from its test part's labels and the model's predictions: the most
/// confident mistakes and, per class, the most confident correct images. Deterministic: equal probabilities are
/// ordered by dataset index, so the same predictions give the same gallery whatever order the images came in.
/// </summary>
public static class GalleryPicker
{
    /// <summary>Mistakes a fold carries: as many as the report shows, since they may all come from one fold.</summary>
    public const int MaxMistakes = 32;

    /// <summary>Correct images a fold carries per class.</summary>
    public const int ExamplesPerClass = 2;

    /// <summary>Largest image (height x width) a gallery carries pixels for: 64x64, so a fold's gallery stays small for any dataset.</summary>
    public const int MaxPixels = 64 * 64;

    /// <summary>
    /// Positions (into <paramref name="labels"/>) of at most <paramref name="max"/> images the model got wrong,
    /// highest <paramref name="probability"/> first, equal ones by lower dataset index (<paramref name="indices"/>).
    /// </summary>
    public static int[] Mistakes(int[] indices, byte[] labels, int[] predicted, float[] probability, int max = MaxMistakes)
    {
        Check(indices, labels, predicted, probability);
        return MostConfidentFirst(Enumerable.Range(0, labels.Length).Where(i => predicted[i] != labels[i]), i => probability[i], i => indices[i])
            .Take(Math.Max(max, 0)).ToArray();
    }

    /// <summary>
    /// Positions of at most <paramref name="perClass"/> correctly classified images per class, by class, then
    /// most confident first (equal ones by lower dataset index).
    /// </summary>
    public static int[] Examples(int[] indices, byte[] labels, int[] predicted, float[] probability, int perClass = ExamplesPerClass)
    {
        Check(indices, labels, predicted, probability);
        return Enumerable.Range(0, labels.Length).Where(i => predicted[i] == labels[i]).GroupBy(i => labels[i]).OrderBy(g => g.Key)
            .SelectMany(g => MostConfidentFirst(g, i => probability[i], i => indices[i]).Take(Math.Max(perClass, 0))).ToArray();
    }

    /// <summary>
    /// The gallery of a fold's test part <paramref name="test"/> (images at dataset <paramref name="indices"/>), given
    /// the model's predicted class and its probability per image; pixels only when an image has at most <see cref="MaxPixels"/>,
    /// and of its first channel only (the grey one, the red of a colour image): a gallery shows where the model went wrong, and
    /// one plane keeps a fold's gallery as small for colour images as for grey ones.
    /// </summary>
    public static FoldGallery Build(ImageSet test, int[] indices, int[] predicted, float[] probability)
    {
        bool withPixels = test.Height * test.Width <= MaxPixels;
        GalleryImage[] Images(int[] positions) => positions.Select(i => new GalleryImage(indices[i], test.Labels[i], predicted[i], probability[i],
            withPixels ? Bytes(test, i) : Array.Empty<byte>())).ToArray();
        return new FoldGallery(Images(Mistakes(indices, test.Labels, predicted, probability)), Images(Examples(indices, test.Labels, predicted, probability)),
            withPixels ? test.Height : 0, withPixels ? test.Width : 0);
    }

    /// <summary>
    /// <paramref name="items"/> by descending probability, equal ones by ascending index: the one order of galleries,
    /// a fold's and the report's merged one alike. Stable, so items equal in both keep their order.
    /// </summary>
    public static IEnumerable<T> MostConfidentFirst<T>(IEnumerable<T> items, Func<T, float> probability, Func<T, int> index) =>
        items.OrderByDescending(probability).ThenBy(index);

    static byte[] Bytes(ImageSet set, int image)
    {
        int size = set.Height * set.Width, start = image * set.PixelsPerImage;
        var bytes = new byte[size];
        for (int p = 0; p < size; p++)
            bytes[p] = (byte)Math.Round(Math.Clamp(set.Pixels[start + p], 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
        return bytes;
    }

    static void Check(int[] indices, byte[] labels, int[] predicted, float[] probability)
    {
        if (indices.Length != labels.Length || predicted.Length != labels.Length || probability.Length != labels.Length)
            throw new ArgumentException($"gallery: {labels.Length} labels but {indices.Length} indices, {predicted.Length} predictions and {probability.Length} probabilities");
    }
}
