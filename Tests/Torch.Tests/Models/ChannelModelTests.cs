using Crossfold.Core.Architectures;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Tests.Models;

/// <summary>Networks for colour images of many classes: the first layer takes every channel, the classifier one output per class, as ShapeInference counts.</summary>
public class ChannelModelTests
{
    const int Channels = 3, Size = 32, Classes = 20;

    static readonly ArchitectureSpec[] Architectures =
    [
        Presets.Get("seed-cnn-2"),
        Presets.Get("seed-mlp-2"),
        ArchitectureFamilies.ResNet("resnet-colour", [1, 1], width: 8),
        ArchitectureFamilies.DenseNet("densenet-colour", [2, 2], growth: 4),
    ];

    public static TheoryData<string> Names => new(Architectures.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Parameter_counts_equal_shape_inference_and_scores_have_one_column_per_class(string name)
    {
        Devices.UseThreads(1);
        var spec = Architectures.Single(a => a.Name == name);
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(spec, Channels, Size, Size, Classes, 1, generator);
        var shape = ShapeInference.Infer(spec, Channels, Size, Size, Classes);

        Assert.Equal(shape.TrainableParameters, ModelBuilder.ParameterCount(network));
        Assert.Equal(shape.NonTrainableParameters, ModelBuilder.NonTrainableCount(network));
        network.eval();
        using var noGrad = no_grad();
        Assert.Equal(new long[] { 2, Classes }, network.call(rand(new long[] { 2, Channels, Size, Size }, generator: generator)).shape);
    }

    [Fact]
    public void An_mlp_flattens_every_channel_and_a_cnn_convolves_them()
    {
        // seed-mlp-2's first Dense sees C·H·W inputs; seed-cnn-2's first 3x3 convolution has 3 weights per channel per position.
        var mlp = ShapeInference.Infer(Presets.Get("seed-mlp-2"), Channels, Size, Size, Classes);
        var grey = ShapeInference.Infer(Presets.Get("seed-mlp-2"), 1, Size, Size, Classes);
        int units = Presets.Get("seed-mlp-2").Layers[0].Size;
        Assert.Equal((long)(Channels - 1) * Size * Size * units, mlp.TrainableParameters - grey.TrainableParameters);

        var cnn = ShapeInference.Infer(Presets.Get("seed-cnn-2"), Channels, Size, Size, Classes);
        var cnnGrey = ShapeInference.Infer(Presets.Get("seed-cnn-2"), 1, Size, Size, Classes);
        var first = Presets.Get("seed-cnn-2").Layers[0];
        Assert.Equal((long)(Channels - 1) * first.Kernel * first.Kernel * first.Size, cnn.TrainableParameters - cnnGrey.TrainableParameters);
        Assert.Equal($"{Channels}x{Size}x{Size}", cnn.Input.ToString());
    }
}
