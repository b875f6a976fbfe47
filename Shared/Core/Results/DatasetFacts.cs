using MessagePack;

namespace Crossfold.Core.Results;

/// <summary>
/// What the submitter learned by loading the sweep's dataset: workers must find the same. <see cref="Classes"/> is the
/// classifier's width every architecture gets; <see cref="Channels"/> is 1 in results stored before images had channels.
/// </summary>
[MessagePackObject]
public sealed record DatasetFacts(
    [property: Key(0)] string Fingerprint,
    [property: Key(1)] int Count,
    [property: Key(2)] int Height,
    [property: Key(3)] int Width,
    [property: Key(4)] int Classes,
    [property: Key(5)] int? TestCount,
    int Channels = 1)
{
    /// <summary>The images' channels; facts stored before channels existed lack the key, which reads as 0 and means 1.</summary>
    [Key(6)]
    public int Channels { get; init; } = Channels == 0 ? 1 : Channels;

    /// <summary>"28x28", or "32x32x3" for images of more than one channel: the image size as the CLI and reports print it.</summary>
    [IgnoreMember]
    public string ImageSize => Channels == 1 ? $"{Height}x{Width}" : $"{Height}x{Width}x{Channels}";
}
