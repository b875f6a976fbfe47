using Crossfold.Shared.Noise;
using Crossfold.Shared.Serialization;
using Crossfold.Shared.Training;
using MessagePack;

namespace Crossfold.Shared.Models;

/// <summary>
/// A trained model as a file (`model.crossfold`): the architecture to rebuild the network, the image
/// size it expects, how it was trained and tested, and its weights. Written by a sweep with
/// <c>refit: true</c>; read by <c>crossfold predict</c>.
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
    [property: Key(11)] byte[] Weights)
{
    public const int CurrentFormat = 1;
    public const string FileName = "model.crossfold";

    /// <summary>The file's bytes.</summary>
    public byte[] ToBytes() => ProtocolSerialization.Serialize(this);

    /// <summary>Reads a model file, with an error that names the file when it is not one.</summary>
    public static ModelFile Read(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: model file not found");
        ModelFile model;
        try
        {
            model = ProtocolSerialization.Deserialize<ModelFile>(File.ReadAllBytes(path));
        }
        catch (MessagePackSerializationException)
        {
            throw new InputException($"{path}: not a Crossfold model file (write one with `refit: true` in a sweep)");
        }
        if (model.FormatVersion != CurrentFormat)
            throw new InputException($"{path}: model file format {model.FormatVersion}; this Crossfold reads format {CurrentFormat}");
        return model;
    }
}
