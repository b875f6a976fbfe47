using Crossfold.Core.Architectures;
using Crossfold.Core;
using static Crossfold.Core.Architectures.LayerSpec;

namespace Crossfold.Tests.Architectures;

public class LayerSyntaxTests
{
    public static TheoryData<string, LayerSpec> Examples => new()
    {
        { "dense 128", Dense(128) },
        { "conv 32", Conv(32) },
        { "conv 64 k5 same bn", Conv(64, kernel: 5, same: true, batchNorm: true) },
        { "conv 16 same", Conv(16, same: true) },
        { "pool 2", Pool(2) },
        { "pool 3", Pool(3) },
        { "dropout 0.3", Dropout(0.3) },
        { "residual 64", Residual(64) },
        { "residual 64 s2", Residual(64, stride: 2) },
        { "gap", GlobalAvgPool() },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Parses_and_formats_both_ways(string text, LayerSpec layer)
    {
        Assert.Equal(layer, LayerSyntax.Parse(text));
        Assert.Equal(text, LayerSyntax.Format(layer));
    }

    [Theory]
    [InlineData("pool", "pool 2")]
    [InlineData("  Conv 32   VALID  k3 ", "conv 32")]
    [InlineData("CONV 8 bn same", "conv 8 same bn")]
    [InlineData("dropout .25", "dropout 0.25")]
    [InlineData("residual 32 s1", "residual 32")]
    [InlineData("Dense_Block 12 BN X6", "dense_block 12 x6 bn")]
    public void Accepts_loose_spellings_and_formats_them_canonically(string text, string canonical) =>
        Assert.Equal(canonical, LayerSyntax.Format(LayerSyntax.Parse(text)));

    [Fact]
    public void Every_preset_and_family_layer_round_trips()
    {
        var architectures = Presets.All
            .Append(ArchitectureFamilies.ResNet("r", [1, 1, 1], 8))
            .Append(ArchitectureFamilies.DenseNet("d", [2, 3], growth: 4))
            .Append(ArchitectureFamilies.Cnn("c", [8, 16], kernel: 5, batchNorm: true, dense: [32], dropout: 0.125));
        foreach (var layer in architectures.SelectMany(a => a.Layers))
            Assert.Equal(layer, LayerSyntax.Parse(LayerSyntax.Format(layer)));
    }

    [Theory]
    [InlineData("", "empty layer")]
    [InlineData("convv 32", "layer 'convv 32': unknown layer 'convv'; did you mean 'conv'?")]
    [InlineData("lstm 32", "layer 'lstm 32': unknown layer 'lstm' (expected one of dense, conv, pool, dropout, residual, preact, gap, dense_block, transition)")]
    [InlineData("dense_block 12", "layer 'dense_block 12': missing the number of layers, e.g. x6")]
    [InlineData("dense_block 12 x4 s2", "layer 'dense_block 12 x4 s2': unknown option 's2' (expected xN, the number of layers, or bn)")]
    [InlineData("transition 16 8", "layer 'transition 16 8': unexpected '8'")]
    [InlineData("dense", "layer 'dense': missing the number of units")]
    [InlineData("dense many", "layer 'dense many': expected the number of units as an integer, got 'many'")]
    [InlineData("dense 128 64", "layer 'dense 128 64': unexpected '64'")]
    [InlineData("conv 64 k5x", "layer 'conv 64 k5x': expected the kernel size as an integer, got 'k5x'")]
    [InlineData("conv 64 full", "layer 'conv 64 full': unknown option 'full' (expected kN, same, valid or bn)")]
    [InlineData("dropout high", "layer 'dropout high': expected the dropout rate as a number, got 'high'")]
    [InlineData("residual 64 x2", "layer 'residual 64 x2': unknown option 'x2' (expected sN, the stride)")]
    [InlineData("gap 2", "layer 'gap 2': unexpected '2'")]
    [InlineData("pool two", "layer 'pool two': expected the pool window as an integer, got 'two'")]
    public void Errors_name_the_token(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<InputException>(() => LayerSyntax.Parse(text)).Message);
}
