using Crossfold.Core.Architectures;
using Crossfold.Core.Noise;
using Crossfold.Core.Training;
using Crossfold.Core;
using MessagePack;

namespace Crossfold.Core.Results;

/// <summary>
/// A trained model as a file (`model.crossfold`): the architecture to rebuild the network, the image
/// size and channels it expects (files written before channels existed read as 1 channel), how it was trained and tested, and its weights. Written by a sweep with
/// <c>refit: true</c>; read by <c>crossfold predict</c>. Its bytes are MessagePack (see Protocol's ModelFileFormat).
/// </summary>
[MessagePackObject]
public sealed record ModelFile(
    [property: Key(0)] int FormatVersion,
    [property: Key(1)] ArchitectureSpec Architecture,
    [property: Key(2)] int Height,
    [property: Key(3)] int Width,
    [property: Key(4)] int Classes,
    [property: Key(5)] TrainingSettings Training,
    [property: Key(6)] NoiseSpec TrainedOnNoise,
    [property: Key(7)] string SweepId,
    [property: Key(8)] string TrialLabel,
    [property: Key(9)] string DatasetFingerprint,
    [property: Key(10)] Evaluation Test,
    [property: Key(11)] byte[] Weights,
    int Channels = 1)
{
    /// <summary>The images' channels; a format 1 file lacks the key, which reads as 0 and means 1.</summary>
    [Key(12)]
    public int Channels { get; init; } = Channels == 0 ? 1 : Channels;

    /// <summary>2: the file says its images' channels (format 1, from before channels, is read as one channel).</summary>
    public const int CurrentFormat = 2;

    /// <summary>The oldest format this Crossfold still reads.</summary>
    public const int OldestFormat = 1;
    public const string FileName = "model.crossfold";
}
