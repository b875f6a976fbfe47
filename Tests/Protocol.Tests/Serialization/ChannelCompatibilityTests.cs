using Crossfold.Core.Architectures;
using Crossfold.Core.Noise;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Tests.Serialization;

/// <summary>
/// What was written before images had channels still reads, as one channel: dataset facts in a stored sweep and model
/// files of format 1. Their MessagePack arrays are today's without the last element (the channels, a one-byte 1).
/// </summary>
public sealed class ChannelCompatibilityTests
{
    /// <summary>The bytes of <paramref name="value"/> as they were before its last key existed: one element fewer in a fixarray.</summary>
    static byte[] WithoutLastKey<T>(T value)
    {
        byte[] bytes = ProtocolSerialization.Serialize(value);
        Assert.InRange(bytes[0], (byte)0x91, (byte)0x9f); // a fixarray of 1 to 15 elements
        Assert.Equal(1, bytes[^1]); // channels: 1
        return [(byte)(bytes[0] - 1), .. bytes[1..^1]];
    }

    [Fact]
    public void Dataset_facts_stored_before_channels_read_as_one_channel()
    {
        var facts = ProtocolSerialization.Deserialize<DatasetFacts>(WithoutLastKey(new DatasetFacts("f", 100, 28, 28, 10, null)));

        Assert.Equal(new DatasetFacts("f", 100, 28, 28, 10, null, Channels: 1), facts);
        Assert.Equal("28x28", facts.ImageSize);
    }

    [Fact]
    public void A_format_1_model_file_reads_as_one_channel()
    {
        var model = new ModelFile(1, Presets.Get("seed-mlp-1"), 28, 28, 10, new TrainingSettings(), NoiseSpec.Clean, "s", "t", "f",
            new Evaluation(0.9, 0.3, new int[100], 10), [1, 2, 3]);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, WithoutLastKey(model));

            var read = ModelFileFormat.Read(path);

            Assert.Equal((1, 1, 28, 28), (read.FormatVersion, read.Channels, read.Height, read.Width));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_model_file_of_a_newer_format_is_refused_naming_the_formats_read()
    {
        var model = new ModelFile(ModelFile.CurrentFormat + 1, Presets.Get("seed-mlp-1"), 32, 32, 12, new TrainingSettings(), NoiseSpec.Clean, "s", "t", "f",
            new Evaluation(0.9, 0.3, new int[144], 12), [1], Channels: 3);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, ModelFileFormat.ToBytes(model));

            var e = Assert.Throws<Crossfold.Core.InputException>(() => ModelFileFormat.Read(path));

            Assert.Equal($"{path}: model file format {ModelFile.CurrentFormat + 1}; this Crossfold reads formats 1 to {ModelFile.CurrentFormat}", e.Message);
        }
        finally { File.Delete(path); }
    }
}
