using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Tests.Models;

/// <summary>The TorchSharp networks agree with ShapeInference: the same parameters, and 10 scores per image.</summary>
public class ModelBuilderTests
{
    public static TheoryData<string> PresetNames => new(Presets.Names);

    /// <summary>Families the presets do not cover: batch norm, residual blocks with and without projection, valid padding, dense blocks and transitions.</summary>
    static readonly ArchitectureSpec[] Families =
    [
        ArchitectureFamilies.ResNet("resnet"),
        ArchitectureFamilies.ResNet("resnet-3-stages", [1, 1, 1], width: 8),
        ArchitectureFamilies.ResNet("preact-resnet", [2, 1], width: 8, preActivation: true),
        ArchitectureFamilies.Cnn("cnn-bn", [16, 32], batchNorm: true, dense: [64], dropout: 0.2),
        ArchitectureFamilies.Cnn("cnn-valid-5x5", [8, 16], kernel: 5, samePadding: false, dense: [32]),
        ArchitectureFamilies.Mlp("mlp", [128, 64], dropout: 0.5),
        ArchitectureFamilies.DenseNet("densenet", [2, 2, 2], growth: 6),
        ArchitectureFamilies.DenseNet("densenet-odd", [3, 1], growth: 5, compression: 0.7, width: 9),
    ];

    public static TheoryData<string> FamilyNames => new(Families.Select(f => f.Name));

    static ArchitectureSpec Architecture(string name) => Presets.Find(name) ?? Families.Single(f => f.Name == name);

    [Theory]
    [MemberData(nameof(PresetNames))]
    [MemberData(nameof(FamilyNames))]
    public void Parameter_counts_equal_shape_inference(string name)
    {
        var spec = Architecture(name);
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(spec, 1, 28, 28, 10, 1, generator);
        var shape = ShapeInference.ForMnist(spec);
        Assert.Equal(shape.TrainableParameters, ModelBuilder.ParameterCount(network));
        // Keras's non-trainable parameters are PyTorch's running means and variances.
        Assert.Equal(shape.NonTrainableParameters, ModelBuilder.NonTrainableCount(network));
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    [MemberData(nameof(FamilyNames))]
    public void A_batch_of_three_images_gives_three_rows_of_ten_scores(string name)
    {
        Devices.UseThreads(1);
        var spec = Architecture(name);
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(spec, 1, 28, 28, 10, 1, generator);
        var images = rand(new long[] { 3, 1, 28, 28 }, generator: generator);
        foreach (bool training in new[] { true, false }) // dropout and batch norm behave differently in the two modes
        {
            network.train(training);
            using var noGrad = no_grad();
            var scores = network.call(images);
            Assert.Equal(new long[] { 3, 10 }, scores.shape);
            Assert.True(scores.isfinite().all().item<bool>(), $"{name} gave non-finite scores");
        }
    }

    [Fact]
    public void The_same_seed_builds_the_same_weights_and_another_seed_other_weights()
    {
        var spec = Presets.Get("seed-cnn-2");
        using var generator = new Generator(1);
        using var a = ModelBuilder.Build(spec, 1, 28, 28, 10, 5, generator);
        using var b = ModelBuilder.Build(spec, 1, 28, 28, 10, 5, generator);
        using var c = ModelBuilder.Build(spec, 1, 28, 28, 10, 6, generator);
        var pa = a.parameters().ToArray();
        var pb = b.parameters().ToArray();
        var pc = c.parameters().ToArray();
        for (int i = 0; i < pa.Length; i++)
        {
            Assert.True(pa[i].bytes.SequenceEqual(pb[i].bytes), $"parameter {i} differs with the same seed");
            if (pa[i].dim() >= 2) Assert.False(pa[i].bytes.SequenceEqual(pc[i].bytes), $"weight {i} is the same with another seed");
        }
    }

    [Fact]
    public void Weights_are_glorot_uniform_and_biases_zero()
    {
        var spec = Presets.Get("seed-cnn-5");
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(spec, 1, 28, 28, 10, 3, generator);
        foreach (var (name, p) in network.named_parameters())
        {
            if (p.dim() >= 2)
            {
                long receptive = p.shape.Skip(2).Aggregate(1L, (x, y) => x * y);
                double limit = Math.Sqrt(6.0 / (p.shape[1] * receptive + p.shape[0] * receptive));
                double max = p.abs().max().item<float>();
                Assert.InRange(max, 0.9 * limit, limit);
            }
            else
            {
                Assert.EndsWith("bias", name);
                Assert.Equal(0, p.abs().sum().item<float>());
            }
        }
    }
}
