using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>
/// What a fold's error gallery needs, carried in its <see cref="FoldOutcome"/> because the report is built where the
/// dataset may not be: the fold's most confident mistakes on its test part (at most <see cref="GalleryPicker.MaxMistakes"/>,
/// most confident first) and a few of its most confident correct images per class (at most
/// <see cref="GalleryPicker.ExamplesPerClass"/> each, by class, most confident first). <see cref="Height"/> x
/// <see cref="Width"/> is the size of every image's pixels; both are 0 when the images are larger than
/// <see cref="GalleryPicker.MaxPixels"/> and so travel without pixels. MNIST-sized images cost about 41 KB per fold
/// (32 mistakes and 20 examples of 784 bytes each).
/// </summary>
[MessagePackObject]
public sealed record FoldGallery(
    [property: Key(0)] GalleryImage[] Mistakes,
    [property: Key(1)] GalleryImage[] Examples,
    [property: Key(2)] int Height,
    [property: Key(3)] int Width);
