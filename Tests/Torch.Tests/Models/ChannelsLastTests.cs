using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Tests.Models;

/// <summary>Image networks run channels-last on the CPU: same values, other strides, same answers.</summary>
public class ChannelsLastTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_batch_keeps_shape_and_values_and_gets_channels_last_strides(int channels)
    {
        using var scope = NewDisposeScope();
        var batch = rand(new long[] { 2, channels, 5, 4 });
        using var module = new ChannelsLast();
        var result = module.call(batch);
        Assert.Equal(batch.shape, result.shape);
        Assert.Equal(new long[] { 5 * 4 * channels, 1, 4 * channels, channels }, result.stride());
        Assert.Equal(batch.data<float>().ToArray(), result.contiguous().data<float>().ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_view_into_a_larger_batch_keeps_its_own_values(int channels)
    {
        using var scope = NewDisposeScope();
        var all = rand(new long[] { 6, channels, 5, 4 });
        var view = all.narrow(0, 2, 3); // starts 2 images into the storage
        using var module = new ChannelsLast();
        var result = module.call(view);
        Assert.Equal(view.contiguous().data<float>().ToArray(), result.contiguous().data<float>().ToArray());
    }

    [Fact]
    public void Convolutions_after_it_stay_channels_last()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(Presets.Get("seed-cnn-5"), 1, 28, 28, 10, 1, generator);
        var x = rand(new long[] { 3, 1, 28, 28 });
        foreach (var (name, module) in network.named_children().Take(3)) // channels_last, 00_conv, 01_maxpool
        {
            x = ((nn.Module<Tensor, Tensor>)module).call(x);
            Assert.Equal(1, x.stride()[1]);
        }
    }

    [Fact]
    public void Only_image_networks_get_it_and_it_is_the_first_layer()
    {
        using var generator = new Generator(1);
        using var cnn = ModelBuilder.Build(Presets.Get("seed-cnn-2"), 1, 28, 28, 10, 1, generator);
        using var mlp = ModelBuilder.Build(Presets.Get("seed-mlp-2"), 1, 28, 28, 10, 1, generator);
        Assert.Equal("channels_last", cnn.named_children().First().name);
        Assert.DoesNotContain(mlp.named_children(), c => c.name == "channels_last");
    }

    [Fact]
    public void A_network_gives_the_same_scores_with_and_without_it_up_to_rounding()
    {
        Devices.UseThreads(1);
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(ArchitectureFamilies.ResNet("resnet", [1, 1], width: 8), 1, 28, 28, 10, 1, generator);
        network.eval();
        using var noGrad = no_grad();
        var x = rand(new long[] { 4, 1, 28, 28 }, generator: generator);
        var withIt = network.call(x);
        var without = x;
        foreach (var (name, module) in network.named_children())
            if (name != "channels_last") without = ((nn.Module<Tensor, Tensor>)module).call(without);
        Assert.True(withIt.allclose(without, rtol: 1e-4, atol: 1e-5), "channels-last changed the scores beyond rounding");
    }
}
