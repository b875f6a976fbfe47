using Crossfold.Core.Architectures;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>family: densenet in a sweep file: its keys, defaults and mistakes.</summary>
public class DenseNetParsingTests
{
    [Fact]
    public void The_keys_reach_the_family_and_the_defaults_are_densenet_bc()
    {
        var def = SweepYaml.Definition("""
            architectures:
              - {name: dense, family: densenet, blocks: [3, 3], growth: 8, compression: 0.75, width: 12}
              - {name: default-dense, family: densenet}
              - {name: listed, layers: [conv 16 same bn, dense_block 8 x2, transition 12, dense_block 8 x2 bn, gap]}
            """);
        Assert.Equal(ArchitectureFamilies.DenseNet("dense", [3, 3], 8, 0.75, 12), def.Architectures[0]);
        Assert.Equal(ArchitectureFamilies.DenseNet("default-dense", [4, 4, 4], 12, 0.5, 24), def.Architectures[1]);
        Assert.Equal(LayerSpec.DenseBlock(8, 2, closingBatchNorm: true), def.Architectures[2].Layers[3]);
    }

    [Theory]
    [InlineData("compression: 0", "architectures[0].compression", "expected a number in (0, 1], got '0'")]
    [InlineData("growth: 0", "architectures[0].growth", "expected a positive integer, got '0'")]
    [InlineData("blocks: []", "architectures[0].blocks", "expected at least one dense block")]
    [InlineData("depth: 3", "architectures[0].depth", "unknown key 'depth'")]
    public void Mistakes_name_their_key(string key, string path, string message)
    {
        var error = SweepYaml.Error($"architectures:\n  - {{name: d, family: densenet, {key}}}\n");
        Assert.Equal(path, error.Path);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_densenet_too_deep_for_small_images_fails_when_read()
    {
        // Four transitions halve 28 to 1, the fifth has no 2x2 window left.
        var error = SweepYaml.Error("architectures:\n  - {name: deep, family: densenet, blocks: [1, 1, 1, 1, 1, 1], growth: 2}\n");
        Assert.Contains("needs at least 2x2 input, got 1x1", error.Message);
    }
}
