using System.Runtime.Intrinsics.X86;

namespace Crossfold.Core.Training;

/// <summary>
/// The CPU instruction sets libtorch's kernels can be held to (<c>--cpu-isa</c>): oneDNN, oneMKL and ATen each pick
/// their kernels by the machine's instruction set, so an AVX-512 and an AVX2 machine compute the same fold to
/// different last bits. Pinning every worker of a mixed cluster to the set all of them have makes folds
/// bit-comparable again. What a fold ran with is recorded as <see cref="Label"/>.
/// </summary>
public static class CpuIsa
{
    /// <summary>The sets <c>--cpu-isa</c> accepts, oldest first.</summary>
    public static readonly IReadOnlyList<string> Names = ["avx2", "avx512"];

    /// <summary>The set named by <paramref name="value"/> (case-insensitive); an <see cref="InputException"/> naming <paramref name="option"/> otherwise.</summary>
    public static string Parse(string value, string option = "--cpu-isa")
    {
        string name = value.Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Names.Contains(name) ? name : throw new InputException($"{option} {value}: expected one of {string.Join(", ", Names)}");
    }

    /// <summary>
    /// The environment that holds libtorch 2.10's CPU libraries to <paramref name="isa"/>; they read it once, when they first
    /// run, so it must be in place before libtorch computes anything.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Environment(string isa) => isa switch
    {
        "avx2" => [("ONEDNN_MAX_CPU_ISA", "AVX2"), ("DNNL_MAX_CPU_ISA", "AVX2"), ("MKL_ENABLE_INSTRUCTIONS", "AVX2"), ("ATEN_CPU_CAPABILITY", "avx2")],
        "avx512" => [("ONEDNN_MAX_CPU_ISA", "AVX512_CORE"), ("DNNL_MAX_CPU_ISA", "AVX512_CORE"), ("MKL_ENABLE_INSTRUCTIONS", "AVX512"), ("ATEN_CPU_CAPABILITY", "avx512")],
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "not a known instruction set"),
    };

    /// <summary>The newest set this machine has that libtorch uses ("avx512" needs F, BW, DQ and VL), or "baseline".</summary>
    public static string Machine() =>
        Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "avx512"
        : Avx2.IsSupported ? "avx2"
        : "baseline";

    /// <summary>Why <paramref name="isa"/> cannot be pinned on a machine whose newest set is <paramref name="machine"/>; null when it can.</summary>
    public static string? Problem(string isa, string machine)
    {
        int wanted = IndexOf(isa), has = IndexOf(machine);
        return wanted <= has ? null
            : $"--cpu-isa {isa}: this CPU does not have {isa.ToUpperInvariant()} (its newest is {machine}); pin every worker to a set all of them have";
    }

    /// <summary>What a fold's record says it ran with: the pinned set ("avx2 pinned"), or the machine's own ("avx512").</summary>
    public static string Label(string? pinned, string machine) => pinned is null ? machine : $"{pinned} pinned";

    static int IndexOf(string isa) => isa == "baseline" ? -1 : Names.ToList().IndexOf(isa);
}
