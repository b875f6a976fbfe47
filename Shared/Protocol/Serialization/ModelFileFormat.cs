using Crossfold.Core.Results;
using Crossfold.Core;
using MessagePack;

namespace Crossfold.Protocol.Serialization;

/// <summary>Reads and writes <see cref="ModelFile"/>s (`model.crossfold`) with the MessagePack configuration the wire uses.</summary>
public static class ModelFileFormat
{
    /// <summary>The file's bytes.</summary>
    public static byte[] ToBytes(ModelFile model) => ProtocolSerialization.Serialize(model);

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
        if (model.FormatVersion is < ModelFile.OldestFormat or > ModelFile.CurrentFormat)
            throw new InputException($"{path}: model file format {model.FormatVersion}; this Crossfold reads formats {ModelFile.OldestFormat} to {ModelFile.CurrentFormat}");
        return model;
    }
}
