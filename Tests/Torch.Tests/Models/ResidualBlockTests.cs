using Crossfold.Core.Architectures;
using Crossfold.Torch.Models;
using static TorchSharp.torch;

namespace Crossfold.Tests.Models;

/// <summary>The residual block's downsampling projection: the function of a strided 1x1 convolution, and safe to train with few channels.</summary>
public class ResidualBlockTests
{
    [Fact]
    public void The_projection_of_every_stride_th_pixel_equals_a_strided_1x1_convolution()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        using var block = new ResidualBlock("r", 4, 8, stride: 2, BatchNormSettings.Keras);
        var input = randn(5, 4, 11, 11);
        var shortcut = (TorchSharp.Modules.Sequential)block.named_children().Single(c => c.name == "shortcut").module;
        var conv = (TorchSharp.Modules.Conv2d)shortcut.named_children().First().module;
        var strided = nn.functional.conv2d(input, conv.weight!, strides: [2, 2]);
        var sampled = conv.call(input.slice(2, 0, 11, 2).slice(3, 0, 11, 2));
        Assert.Equal(new long[] { 5, 8, 6, 6 }, sampled.shape);
        Assert.True(strided.allclose(sampled, rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void A_downsampling_block_with_few_channels_trains_channels_last_without_corrupting_memory(int channels)
    {
        // A strided 1x1 convolution here corrupted the heap within a few hundred backward passes on an
        // AVX-512 CPU (oneDNN), killing the process; see ResidualBlock's remarks.
        Crossfold.Torch.Training.Devices.UseThreads(1);
        manual_seed(1);
        using var block = new ResidualBlock("r", channels, 2 * channels, stride: 2, BatchNormSettings.Keras);
        var layout = new ChannelsLast();
        for (int step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            var input = layout.call(randn(50, channels, 14, 14));
            block.call(input).sum().backward();
        }
        Assert.All(block.parameters(), p => Assert.True(p.grad is not null && p.grad.isfinite().all().item<bool>()));
    }
}
