using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;

namespace Crossfold.Bench;

/// <summary>
/// The cores' own FP32 ceiling, without any library: every thread runs 16 independent chains of fused
/// multiply-adds on the widest vectors the JIT offers (AVX-512 here), all in registers. No matrix product
/// can beat it; a library's GEMM shows how close it gets (MKL on a non-Intel CPU picks its AVX2 kernels).
/// </summary>
static class FmaPeak
{
    public static Dictionary<string, object?> Run(int threads, double seconds)
    {
        var watch = ProcessStats.StartWatch();
        var gflops = new double[threads];
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() => gflops[i] = Spin(seconds))).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        string isa = Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? "avx512" : Fma.IsSupported ? "avx2+fma" : "none";
        Console.Error.WriteLine($"  fma peak x{threads} ({isa}): {gflops.Sum():F1} GFLOP/s");
        return new()
        {
            ["engine"] = "crossfold",
            ["kind"] = "fma_peak",
            ["isa"] = isa,
            ["threads"] = threads,
            ["gflops_per_thread"] = gflops,
            ["median_gflops"] = gflops.Sum(),
            ["others_cores"] = watch.OthersCores(),
        };
    }

    static double Spin(double seconds)
    {
        Spin512(1000); // JIT and clocks up
        long rounds = 0;
        double sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds) { sink += Avx512F.IsSupported ? Spin512(1_000_000) : Spin256(1_000_000); rounds++; }
        double elapsed = clock.Elapsed.TotalSeconds;
        if (sink == 42) Console.Error.WriteLine(); // keeps the chains alive
        int lanes = Avx512F.IsSupported ? 16 : 8;
        return rounds * 1_000_000.0 * 16 * lanes * 2 / elapsed / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Spin512(int n)
    {
        var m = Vector512.Create(0.9999999f);
        var c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0,
            a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c);
            a2 = Avx512F.FusedMultiplyAdd(a2, m, c); a3 = Avx512F.FusedMultiplyAdd(a3, m, c);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, c); a9 = Avx512F.FusedMultiplyAdd(a9, m, c);
            a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
            a12 = Avx512F.FusedMultiplyAdd(a12, m, c); a13 = Avx512F.FusedMultiplyAdd(a13, m, c);
            a14 = Avx512F.FusedMultiplyAdd(a14, m, c); a15 = Avx512F.FusedMultiplyAdd(a15, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Spin256(int n)
    {
        var m = Vector256.Create(0.9999999f);
        var c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0,
            a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c); a3 = Fma.MultiplyAdd(a3, m, c);
            a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c); a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c);
            a8 = Fma.MultiplyAdd(a8, m, c); a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
            a12 = Fma.MultiplyAdd(a12, m, c); a13 = Fma.MultiplyAdd(a13, m, c); a14 = Fma.MultiplyAdd(a14, m, c); a15 = Fma.MultiplyAdd(a15, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15).ToScalar();
    }
}
