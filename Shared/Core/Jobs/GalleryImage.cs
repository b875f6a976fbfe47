using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>
/// One test image of a <see cref="FoldGallery"/>: its index in the dataset's training split, its true class, the class
/// the model predicted and that prediction's softmax probability, and its <see cref="Pixels"/> exactly as the model saw
/// them (noise applied; the first channel of a multi-channel image), row-major, one byte per pixel: round(255 x value) of the [0, 1] float the model read; empty
/// when the gallery carries no pixels.
/// </summary>
[MessagePackObject]
public sealed record GalleryImage(
    [property: Key(0)] int Index,
    [property: Key(1)] int TrueClass,
    [property: Key(2)] int Predicted,
    [property: Key(3)] float Probability,
    [property: Key(4)] byte[] Pixels);
