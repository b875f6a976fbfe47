using System.Diagnostics;
using Crossfold.Core.Architectures;
using Crossfold.Core.Randomness;
using Crossfold.Core.Training;
using Crossfold.Protocol.Serialization;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using Crossfold.Torch.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Bench;

/// <summary>
/// Where a training step's time goes: the loop of <see cref="TrainingSession"/> written out with a clock
/// around every phase (on the CPU every op is synchronous, so the clocks are exact), plus switches for the
/// experiments of BENCHMARKS.md (NCHW instead of channels-last, glibc's default malloc settings, bf16 autocast, flush-to-zero, oneDNN bf16
/// fp32-math, batch size).
/// </summary>
static class Profile
{
    public sealed record Options(string Model, int Threads, int Images, int Batch, int Epochs,
        bool AutocastBFloat16, bool FlushDenormal, int? Float32Precision, bool Nchw, bool DefaultMalloc);

    static readonly string[] Phases = ["batch", "zero_grad", "forward", "loss", "backward", "step", "metrics"];

    public static Dictionary<string, object?> Run(Options o)
    {
        Devices.UseThreads(o.Threads);
        if (!o.DefaultMalloc) CpuAllocator.KeepFreedMemory(); // as TrainingSession does
        if (o.FlushDenormal && !LibTorchNative.SetFlushDenormal(true)) throw new InvalidOperationException("flush denormal not supported");
        if (o.Float32Precision is int p)
        {
            // Backend MKLDNN (2), ops CONV (1) and MATMUL (3): assumed enum values of libtorch 2.10, read back to check.
            LibTorchNative.SetFloat32Precision(2, 1, p);
            LibTorchNative.SetFloat32Precision(2, 3, p);
            Console.Error.WriteLine($"  mkldnn conv/matmul fp32 precision now {LibTorchNative.GetFloat32Precision(2, 1)}/{LibTorchNative.GetFloat32Precision(2, 3)}");
        }
        if (o.AutocastBFloat16) LibTorchNative.SetAutocastBFloat16(true);

        var architecture = Architecture(o.Model);
        var (train, validation) = BenchData.Load(o.Images);
        var settings = new TrainingSettings(BatchSize: o.Batch, Optimizer: architecture.PreferredOptimizer ?? OptimizerKind.Adam);
        ulong seed = 1;
        using var dropout = new Generator(CounterRandom.Derive(seed, "dropout"));
        using var network = ModelBuilder.Build(architecture, 1, 28, 28, 10, CounterRandom.Derive(seed, "init"), dropout);
        using var optimizer = TrainingOptimizer.For(settings, network.parameters());
        var layers = Layers.Of(network, o.Nchw);
        using var images = tensor(train.Pixels, new long[] { train.Count, 1, 28, 28 });
        using var labels = tensor(train.Labels.Select(b => (long)b).ToArray());

        var watch = ProcessStats.StartWatch();
        var seconds = new double[Phases.Length];
        var epochRates = new List<double>();
        double lastLoss = 0;
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            network.train();
            Array.Clear(seconds);
            var order = CounterRandom.Permutation(train.Count, CounterRandom.Derive(seed, "shuffle", (ulong)epoch));
            using var orderTensor = tensor(order.Select(i => (long)i).ToArray());
            using var lossSum = zeros(1, dtype: ScalarType.Float64);
            using var correct = zeros(1, dtype: ScalarType.Int64);
            long faults = ProcessStats.MinorFaults();
            var epochClock = Stopwatch.StartNew();
            var clock = new Stopwatch();
            for (int start = 0; start < train.Count; start += o.Batch)
            {
                using var scope = NewDisposeScope();
                int size = Math.Min(o.Batch, train.Count - start);
                clock.Restart();
                var index = orderTensor.narrow(0, start, size);
                var x = images.index_select(0, index);
                var y = labels.index_select(0, index);
                Lap(0);
                optimizer.ZeroGrad();
                Lap(1);
                var logits = x;
                foreach (var layer in layers) logits = layer.call(logits);
                Lap(2);
                var loss = nn.functional.cross_entropy(logits, y);
                Lap(3);
                loss.backward();
                Lap(4);
                optimizer.Step();
                if (o.AutocastBFloat16) LibTorchNative.ClearAutocastCache();
                Lap(5);
                using (no_grad())
                {
                    lossSum.add_(loss.detach().to(ScalarType.Float64) * size);
                    correct.add_(logits.argmax(1).eq(y).sum());
                }
                Lap(6);
            }
            double total = epochClock.Elapsed.TotalSeconds;
            epochRates.Add(train.Count / total);
            lastLoss = lossSum.item<double>() / train.Count;
            double faultsPerBatch = (ProcessStats.MinorFaults() - faults) / Math.Ceiling(train.Count / (double)o.Batch);
            Console.Error.WriteLine($"  epoch {epoch}: {train.Count / total:F0} img/s, train loss {lastLoss:F4}, accuracy {correct.item<long>() / (double)train.Count:P2}, {faultsPerBatch:F0} page faults/batch; " +
                string.Join(", ", Phases.Select((name, i) => $"{name} {100 * seconds[i] / total:F1}%")));

            void Lap(int phase) { seconds[phase] += clock.Elapsed.TotalSeconds; clock.Restart(); }
        }

        if (o.AutocastBFloat16) LibTorchNative.SetAutocastBFloat16(false);
        double accuracy = Accuracy(network, validation);
        var last = Phases.Select((name, i) => (name, i)).ToDictionary(t => t.name, t => (object?)seconds[t.i]);
        return new()
        {
            ["engine"] = "crossfold-profile",
            ["model"] = o.Model,
            ["threads"] = o.Threads,
            ["batch"] = o.Batch,
            ["autocast_bf16"] = o.AutocastBFloat16,
            ["flush_denormal"] = o.FlushDenormal,
            ["float32_precision"] = o.Float32Precision,
            ["nchw"] = o.Nchw,
            ["default_malloc"] = o.DefaultMalloc,
            ["images_per_second"] = epochRates.ToArray(),
            ["last_epoch_phase_seconds"] = last,
            ["final_train_loss"] = lastLoss,
            ["validation_accuracy"] = accuracy,
            ["others_cores"] = watch.OthersCores(),
        };
    }

    /// <summary>A preset, or "resnet" (the family's default) for checks beyond the seed's models.</summary>
    public static ArchitectureSpec Architecture(string name) =>
        name == "resnet" ? ArchitectureFamilies.ResNet("resnet") : Presets.Get(name);

    static double Accuracy(nn.Module<Tensor, Tensor> network, ImageSet data)
    {
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = tensor(data.Pixels, new long[] { data.Count, 1, 28, 28 });
        var y = tensor(data.Labels.Select(b => (long)b).ToArray());
        return network.call(x).argmax(1).eq(y).sum().item<long>() / (double)data.Count;
    }
}
