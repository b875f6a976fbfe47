using Crossfold.Core.Architectures;
using Crossfold.Core;
using static Crossfold.Core.Architectures.LayerSpec;

namespace Crossfold.Tests.Architectures;

public class ArchitectureFamiliesTests
{
    [Fact]
    public void Mlp_puts_dropout_after_every_hidden_dense()
    {
        var mlp = ArchitectureFamilies.Mlp("wide-mlp", [512, 256], dropout: 0.2);
        Assert.Equal([Dense(512), Dropout(0.2), Dense(256), Dropout(0.2)], mlp.Layers);
        Assert.Null(mlp.PreferredOptimizer);
        // 784*512+512 + 512*256+256 + 256*10+10
        Assert.Equal(401_920 + 131_328 + 2_570, ShapeInference.ForMnist(mlp).TotalParameters);
    }

    [Fact]
    public void Mlp_without_dropout_has_no_dropout_layers() =>
        Assert.Equal([Dense(64)], ArchitectureFamilies.Mlp("m", [64]).Layers);

    [Fact]
    public void Cnn_defaults_to_3x3_same_conv_with_pooling()
    {
        var cnn = ArchitectureFamilies.Cnn("small-cnn", [32, 64], dense: [128], dropout: 0.3);
        Assert.Equal([Conv(32, 3, same: true), Pool(), Conv(64, 3, same: true), Pool(), Dense(128), Dropout(0.3)], cnn.Layers);
        var shape = ShapeInference.ForMnist(cnn);
        Assert.Equal(["32x28x28", "32x14x14", "64x14x14", "64x7x7", "128", "128", "10"], shape.Layers.Select(l => l.Output.ToString()));
    }

    [Fact]
    public void Cnn_options_reach_every_conv()
    {
        var cnn = ArchitectureFamilies.Cnn("c", [8, 8], kernel: 5, samePadding: false, pool: false, batchNorm: true);
        Assert.Equal([Conv(8, 5, false, true), Conv(8, 5, false, true)], cnn.Layers);
        Assert.Equal("8x20x20", ShapeInference.ForMnist(cnn).Layers[1].Output.ToString());
    }

    [Fact]
    public void Resnet_default_has_two_stages_of_two_blocks()
    {
        var res = ArchitectureFamilies.ResNet("res");
        Assert.Equal([Conv(16, 3, true, true), Residual(16), Residual(16), Residual(32, 2), Residual(32), GlobalAvgPool()], res.Layers);
        var shape = ShapeInference.ForMnist(res);
        Assert.Equal(["16x28x28", "16x28x28", "16x28x28", "32x14x14", "32x14x14", "32", "10"], shape.Layers.Select(l => l.Output.ToString()));
        // stem 9*16 + 2*16 = 176; identity block 2*(9*16*16) + 2*2*16 = 4,672 (twice);
        // downsampling block 9*16*32 + 9*32*32 + 16*32 + 3*2*32 = 14,528; block 2*(9*32*32) + 2*2*32 = 18,560; classifier 32*10+10
        Assert.Equal(176 + 2 * 4_672 + 14_528 + 18_560 + 330, shape.TrainableParameters);
        // Keras also counts every batch norm's moving mean and variance: stem 2*16, identity blocks 2*2*16 (twice),
        // downsampling block 3*2*32 (with its shortcut's), block 2*2*32.
        Assert.Equal(32 + 2 * 64 + 192 + 128, shape.NonTrainableParameters);
        Assert.Equal(shape.TrainableParameters + 480, shape.TotalParameters);
    }

    [Fact]
    public void A_pre_activation_resnet_normalises_before_each_convolution_and_closes_with_bn_relu()
    {
        var res = ArchitectureFamilies.ResNet("pre", preActivation: true);
        Assert.Equal([Conv(16, 3, true, false), PreActResidual(16), PreActResidual(16), PreActResidual(32, 2), PreActResidual(32, closingBatchNorm: true), GlobalAvgPool()],
            res.Layers);
        var shape = ShapeInference.ForMnist(res);
        Assert.Equal(["16x28x28", "16x28x28", "16x28x28", "32x14x14", "32x14x14", "32", "10"], shape.Layers.Select(l => l.Output.ToString()));
        // stem 9*16 + 16 (bias, no bn) = 160; identity block 2*(9*16*16) + 2*(16 + 16) = 4,672 (twice);
        // downsampling block 9*16*32 + 9*32*32 + 16*32 (projection, no bn) + 2*(16 + 32) = 14,432;
        // last block 2*(9*32*32) + 2*(32 + 32 + 32 closing) = 18,624; classifier 32*10+10
        Assert.Equal(160 + 2 * 4_672 + 14_432 + 18_624 + 330, shape.TrainableParameters);
        // Moving statistics: 2 per batch-norm channel: 2*32 twice, 2*48, 2*96.
        Assert.Equal(2 * (32 + 32 + 48 + 96), shape.NonTrainableParameters);
        Assert.Equal("preact 32 s2", LayerSyntax.Format(PreActResidual(32, 2)));
        Assert.Equal(PreActResidual(32, 2, closingBatchNorm: true), LayerSyntax.Parse("preact 32 s2 bn"));
    }

    [Fact]
    public void Resnet_stages_double_the_width_and_halve_the_image()
    {
        var shape = ShapeInference.ForMnist(ArchitectureFamilies.ResNet("r", [1, 1, 1], width: 8));
        Assert.Equal(["8x28x28", "8x28x28", "16x14x14", "32x7x7", "32", "10"], shape.Layers.Select(l => l.Output.ToString()));
    }

    [Fact]
    public void Densenet_grows_by_the_growth_rate_and_compresses_between_blocks()
    {
        var net = ArchitectureFamilies.DenseNet("d", [2, 3], growth: 4, compression: 0.5, width: 8);
        // stem 8; block 1: 8 + 2*4 = 16; transition to 8; block 2: 8 + 3*4 = 20, closing bn; pooled.
        Assert.Equal([Conv(8, 3, true, true), DenseBlock(4, 2), Transition(8), DenseBlock(4, 3, closingBatchNorm: true), GlobalAvgPool()], net.Layers);
        var shape = ShapeInference.ForMnist(net);
        Assert.Equal(["8x28x28", "16x28x28", "8x14x14", "20x14x14", "20", "10"], shape.Layers.Select(l => l.Output.ToString()));
        // Block 1, layer i on c = 8 + 4i channels: BN 2c, conv1x1 16c, BN 2*16, conv3x3 9*16*4 = 576.
        long block1 = (2 * 8 + 16 * 8 + 32 + 576) + (2 * 12 + 16 * 12 + 32 + 576);
        Assert.Equal(block1, shape.Layers[1].Parameters);
        Assert.Equal(16 * 8 + 2 * 16, shape.Layers[2].Parameters); // transition: conv1x1 16->8 and BN over 16
        long block2 = (2 * 8 + 16 * 8 + 32 + 576) + (2 * 12 + 16 * 12 + 32 + 576) + (2 * 16 + 16 * 16 + 32 + 576) + 2 * 20;
        Assert.Equal(block2, shape.Layers[3].Parameters);
    }

    [Fact]
    public void Family_arguments_are_checked()
    {
        Assert.Contains("kernel must be a positive odd number, got 4", Assert.Throws<InputException>(() => ArchitectureFamilies.Cnn("c", [8], kernel: 4)).Message);
        Assert.Contains("at least one conv", Assert.Throws<InputException>(() => ArchitectureFamilies.Cnn("c", [])).Message);
        Assert.Contains("dropout must be in [0, 1), got 1", Assert.Throws<InputException>(() => ArchitectureFamilies.Mlp("m", [8], 1)).Message);
        Assert.Contains("at least one block", Assert.Throws<InputException>(() => ArchitectureFamilies.ResNet("r", [2, 0])).Message);
        Assert.Contains("width must be positive", Assert.Throws<InputException>(() => ArchitectureFamilies.ResNet("r", width: 0)).Message);
        Assert.StartsWith("architecture 'r':", Assert.Throws<InputException>(() => ArchitectureFamilies.ResNet("r", [])).Message);
        Assert.Contains("growth must be positive", Assert.Throws<InputException>(() => ArchitectureFamilies.DenseNet("d", growth: 0)).Message);
        Assert.Contains("compression must be in (0, 1], got 1.5", Assert.Throws<InputException>(() => ArchitectureFamilies.DenseNet("d", compression: 1.5)).Message);
        Assert.Contains("at least one layer", Assert.Throws<InputException>(() => ArchitectureFamilies.DenseNet("d", [2, 0])).Message);
    }
}
