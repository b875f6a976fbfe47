using System.Diagnostics;
using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Protocol.Serialization;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Bench;

/// <summary>
/// Forward and forward+backward time of each top-level layer of a network on one batch, each layer on
/// its own (its input captured from a pass of the whole network, with requires_grad so the input
/// gradient is computed as in training, except for the first layer). Sums to about one training step
/// without loss, optimizer and batch assembly.
/// </summary>
static class Layers
{
    public static Dictionary<string, object?> Run(string model, int threads, int batch, int repetitions, bool autocastBf16, bool nchw)
    {
        Devices.UseThreads(threads);
        CpuAllocator.KeepFreedMemory(); // as TrainingSession does
        var architecture = Presets.Get(model);
        var shape = ShapeInference.ForMnist(architecture);
        using var generator = new Generator(1);
        using var network = ModelBuilder.Build(architecture, 1, 28, 28, 10, 1, generator);
        network.train();
        if (autocastBf16) LibTorchNative.SetAutocastBFloat16(true);
        var children = network.named_children().Where(c => !(nchw && c.name == "channels_last"))
            .Select(c => (c.name, Module: (nn.Module<Tensor, Tensor>)c.module)).ToArray();

        using var scope = NewDisposeScope();
        var inputs = new List<Tensor>();
        var x = rand(new long[] { batch, 1, 28, 28 }, generator: generator);
        using (no_grad())
            foreach (var (_, module) in children) { inputs.Add(x); x = module.call(x); }

        var watch = ProcessStats.StartWatch();
        var rows = new List<Dictionary<string, object?>>();
        double totalForward = 0, totalStep = 0;
        for (int i = 0; i < children.Length; i++)
        {
            var (name, module) = children[i];
            // The batch itself (also after the channels-last conversion) needs no gradient, as in training.
            bool batch0 = i == 0 || (i == 1 && children[0].name == "channels_last");
            var input = inputs[i].detach().requires_grad_(!batch0);
            double forward = Time(repetitions, () => { using var s = NewDisposeScope(); module.call(input); });
            double step = batch0 && !module.parameters().Any() ? forward : Time(repetitions, () =>
            {
                using var s = NewDisposeScope();
                var y = module.call(input);
                y.backward([ones_like(y)]);
                foreach (var p in module.parameters()) p.grad?.zero_();
                if (input.grad is not null) input.grad.zero_();
            });
            // ShapeInference counts the same layers (the classifier last); dropout and pooling have no FLOPs.
            int layer = children[0].name == "channels_last" ? i - 1 : i;
            long flops = layer >= 0 && layer < shape.Layers.Count ? shape.Layers[layer].Flops * batch : 0;
            totalForward += forward; totalStep += step;
            rows.Add(new()
            {
                ["layer"] = name, ["forward_ms"] = forward * 1e3, ["forward_backward_ms"] = step * 1e3,
                ["train_gflops"] = flops > 0 ? 3.0 * flops / step / 1e9 : null,
            });
            Console.Error.WriteLine($"  {name,-16} forward {forward * 1e3,7:F2} ms  forward+backward {step * 1e3,7:F2} ms" +
                                    (flops > 0 ? $"  {3.0 * flops / step / 1e9,6:F1} GFLOP/s" : ""));
        }
        if (autocastBf16) LibTorchNative.SetAutocastBFloat16(false);
        Console.Error.WriteLine($"  total: forward {totalForward * 1e3:F2} ms, forward+backward {totalStep * 1e3:F2} ms per batch of {batch} = {batch / totalStep:F0} img/s");
        return new() { ["model"] = model, ["threads"] = threads, ["batch"] = batch, ["autocast_bf16"] = autocastBf16, ["layers"] = rows,
            ["forward_ms"] = totalForward * 1e3, ["forward_backward_ms"] = totalStep * 1e3, ["others_cores"] = watch.OthersCores() };
    }

    /// <summary>The network's top-level layers in order, without the channels-last conversion when <paramref name="nchw"/>.</summary>
    public static nn.Module<Tensor, Tensor>[] Of(nn.Module<Tensor, Tensor> network, bool nchw) =>
        network.named_children().Where(c => !(nchw && c.name == "channels_last")).Select(c => (nn.Module<Tensor, Tensor>)c.module).ToArray();

    /// <summary>Median seconds of <paramref name="repetitions"/> runs after two warm-up runs.</summary>
    static double Time(int repetitions, Action action)
    {
        action(); action();
        var times = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[r] = clock.Elapsed.TotalSeconds;
        }
        return Throughput.Median(times);
    }
}
