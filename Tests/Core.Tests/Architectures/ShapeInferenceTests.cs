using Crossfold.Core.Architectures;
using Crossfold.Core;
using static Crossfold.Core.Architectures.LayerSpec;

namespace Crossfold.Tests.Architectures;

public class ShapeInferenceTests
{
    private static ArchitectureShape Mnist(params LayerSpec[] layers) => ShapeInference.ForMnist(new ArchitectureSpec("deep", layers));

    private static string Error(params LayerSpec[] layers) => Assert.Throws<InputException>(() => Mnist(layers)).Message;

    [Fact]
    public void Every_layer_gets_its_shapes_and_the_classifier_comes_last()
    {
        var shape = ShapeInference.ForMnist(Presets.Get("seed-cnn-4"));
        Assert.Equal(["1x28x28", "32x28x28", "32x14x14", "64x14x14", "64x7x7", "128x7x7", "128x3x3", "256x3x3", "256x1x1", "256", "256", "128"],
            shape.Layers.Select(l => l.Input.ToString()));
        Assert.Equal("10", shape.Output.ToString());
        Assert.Equal(12, shape.Classifier.Number);
        Assert.Equal("Dense 10", shape.Classifier.Text);
        Assert.Equal(1_290, shape.Classifier.Parameters);
    }

    [Fact]
    public void Flops_count_a_multiply_add_as_two()
    {
        var shape = ShapeInference.ForMnist(Presets.Get("seed-cnn-2"));
        // conv 2*25*1*6*24*24; conv 2*25*6*16*8*8; dense 2*256*120; 2*120*84; classifier 2*84*10; pooling is free
        Assert.Equal([172_800L, 0, 307_200, 0, 61_440, 20_160, 1_680], shape.Layers.Select(l => l.Flops));
        Assert.Equal(563_280, shape.TotalFlops);
    }

    [Fact]
    public void Batch_norm_replaces_the_conv_bias_with_a_scale_and_a_shift()
    {
        Assert.Equal(9 * 32 + 32, Mnist(Conv(32)).Layers[0].Parameters);
        Assert.Equal(9 * 32 + 2 * 32, Mnist(Conv(32, batchNorm: true)).Layers[0].Parameters);
    }

    [Fact]
    public void Residual_block_with_and_without_projection()
    {
        var shape = Mnist(Conv(16, same: true), Residual(16), Residual(32, stride: 2), GlobalAvgPool());
        Assert.Equal(9 * 16 * 16 * 2 + 2 * 2 * 16, shape.Layers[1].Parameters);                       // identity shortcut
        Assert.Equal(9 * 16 * 32 + 9 * 32 * 32 + 16 * 32 + 3 * 2 * 32, shape.Layers[2].Parameters);   // 1x1 projection + BN
        Assert.Equal("32x14x14", shape.Layers[2].Output.ToString());                                   // floor((28+2-3)/2)+1
        Assert.Equal("32", shape.Layers[3].Output.ToString());
        Assert.Equal(2L * (9 * 16 * 32 + 9 * 32 * 32 + 16 * 32) * 14 * 14, shape.Layers[2].Flops);
    }

    [Fact]
    public void Pooling_rounds_down() => Assert.Equal("1x2x2", ShapeInference.Infer(new ArchitectureSpec("p", [Pool(3)]), 1, 7, 8, 10).Layers[0].Output.ToString());

    [Fact]
    public void Non_square_images_and_other_class_counts_work()
    {
        var shape = ShapeInference.Infer(new ArchitectureSpec("wide", [Conv(4), Pool()]), 1, 10, 20, 3);
        Assert.Equal("4x4x9", shape.Layers[1].Output.ToString());
        Assert.Equal(4 * 4 * 9 * 3 + 3, shape.Classifier.Parameters);
    }

    [Fact]
    public void Pool_on_a_1x1_image_names_the_architecture_and_the_layer()
    {
        // same padding keeps the size, so five conv+pool pairs run out of image: 28 14 7 3 1
        var layers = new[] { 32, 64, 128, 256, 512 }.SelectMany(f => new[] { Conv(f, same: true), Pool() }).ToArray();
        Assert.Equal("architecture 'deep': layer 10 (MaxPool 2) needs at least 2x2 input, got 1x1", Error(layers));
    }

    [Fact]
    public void Valid_conv_larger_than_its_input() =>
        Assert.Equal("architecture 'deep': layer 7 (Conv 32 (3x3)) needs at least 3x3 input, got 1x1",
            Error(Conv(32), Pool(), Conv(32), Pool(), Conv(32), Pool(), Conv(32)));

    [Fact]
    public void Conv_after_dense_is_impossible() =>
        Assert.Equal("architecture 'deep': layer 2 (Conv 32 (3x3)) needs an image input, but layer 1 (Dense 128) already flattened it to 128 features",
            Error(Dense(128), Conv(32)));

    [Fact]
    public void Pool_and_residual_after_flattening_are_impossible()
    {
        Assert.Contains("layer 3 (MaxPool 2) needs an image input, but layer 1 (Dense 64)", Error(Dense(64), Dropout(0.5), Pool()));
        Assert.Contains("layer 3 (Residual 8) needs an image input, but layer 2 (GlobalAvgPool)", Error(Conv(8), GlobalAvgPool(), Residual(8)));
        Assert.Contains("layer 2 (GlobalAvgPool) needs an image input", Error(Dense(8), GlobalAvgPool()));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Dropout_rate_must_be_below_one_and_not_negative(double rate) =>
        Assert.Contains("layer 2 (Dropout", Assert.Throws<InputException>(() => Mnist(Dense(8), Dropout(rate))).Message);

    [Fact]
    public void Dropout_rate_message_shows_the_rate() =>
        Assert.Equal("architecture 'deep': layer 1 (Dropout 1.5) needs a rate in [0, 1), got 1.5", Error(Dropout(1.5)));

    [Fact]
    public void Sizes_must_be_positive()
    {
        Assert.Equal("architecture 'deep': layer 1 (Dense 0) needs a positive number of units, got 0", Error(Dense(0)));
        Assert.Contains("layer 1 (Conv -4 (3x3)) needs a positive number of filters, got -4", Error(Conv(-4)));
        Assert.Contains("needs a positive kernel size, got 0", Error(Conv(8, kernel: 0)));
        Assert.Contains("layer 1 (MaxPool 0) needs a positive window, got 0", Error(Pool(0)));
        Assert.Contains("needs a positive number of channels, got 0", Error(Residual(0)));
        Assert.Contains("needs a positive stride, got 0", Error(Residual(8, stride: 0)));
    }

    [Fact]
    public void Even_kernel_with_same_padding_is_refused_but_valid_padding_is_fine()
    {
        Assert.Equal("architecture 'deep': layer 1 (Conv 8 (4x4, same)) needs an odd kernel for same padding, got 4", Error(Conv(8, kernel: 4, same: true)));
        Assert.Equal("8x25x25", Mnist(Conv(8, kernel: 4)).Layers[0].Output.ToString());
    }

    [Fact]
    public void Input_and_class_count_must_be_positive()
    {
        var arch = new ArchitectureSpec("a", [Dense(8)]);
        Assert.Contains("positive size", Assert.Throws<InputException>(() => ShapeInference.Infer(arch, 1, 0, 28, 10)).Message);
        Assert.Contains("positive number of classes", Assert.Throws<InputException>(() => ShapeInference.Infer(arch, 1, 28, 28, 0)).Message);
    }

    [Fact]
    public void Counts_too_large_for_64_bits_are_refused()
    {
        Assert.Equal("architecture 'deep': layer 2 (Dense 2147483647) is too large: its parameter or FLOP count overflows 64 bits",
            Error(Conv(int.MaxValue, kernel: 1), Dense(int.MaxValue)));
        // each of these fits in 64 bits on its own, their sum does not
        Assert.Equal("architecture 'deep' is too large: its total parameter or FLOP count overflows 64 bits",
            Error(Dense(int.MaxValue), Dense(int.MaxValue), Dense(int.MaxValue)));
    }

    [Fact]
    public void No_layers_is_plain_logistic_regression() => Assert.Equal(784 * 10 + 10, Mnist().TotalParameters);
}
