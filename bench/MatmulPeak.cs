using System.Diagnostics;
using Crossfold.Core.Training;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Bench;

/// <summary>The machine's practical matrix peak: the product of two n x n matrices in libtorch, in GFLOP/s (2n³ per product).</summary>
static class MatmulPeak
{
    /// <param name="via">"mm" (torch.mm: libtorch's BLAS, MKL) or "conv1x1" (the same product as a 1x1 convolution of
    /// <paramref name="size"/> images of <paramref name="size"/> channels: oneDNN, the library that runs the convolutions).</param>
    public static Dictionary<string, object?> Run(int threads, int size, int repetitions, string dtype, string via)
    {
        if (via is not ("mm" or "conv1x1")) throw new ArgumentException($"--via {via}: expected mm or conv1x1");
        Devices.UseThreads(threads);
        var type = dtype switch
        {
            "float32" => ScalarType.Float32,
            "bfloat16" => ScalarType.BFloat16,
            _ => throw new ArgumentException($"dtype {dtype}: expected float32 or bfloat16"),
        };
        using var generator = new Generator(1);
        long[] shape = via == "mm" ? [size, size] : [size, size, 1, 1];
        using var a = randn(shape, generator: generator).to(type);
        using var b = randn(shape, generator: generator).to(type);
        Tensor Product() => via == "mm" ? a.mm(b) : nn.functional.conv2d(a, b);
        for (int i = 0; i < 2; i++) { using var warm = Product(); }

        var watch = ProcessStats.StartWatch();
        var gflops = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            using var c = Product();
            gflops[i] = 2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9;
            Console.Error.WriteLine($"  {via} {size}x{size} {dtype} x{threads}: {gflops[i]:F1} GFLOP/s");
        }
        return new()
        {
            ["engine"] = "crossfold",
            ["kind"] = "matmul",
            ["via"] = via,
            ["dtype"] = dtype,
            ["threads"] = threads,
            ["size"] = size,
            ["gflops"] = gflops,
            ["median_gflops"] = Throughput.Median(gflops),
            ["best_gflops"] = gflops.Max(),
            ["others_cores"] = watch.OthersCores(),
        };
    }
}
