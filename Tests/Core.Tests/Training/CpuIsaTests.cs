using Crossfold.Core;
using Crossfold.Core.Training;

namespace Crossfold.Tests.Training;

/// <summary>--cpu-isa: the names it takes, the environment that pins libtorch's CPU libraries, and what a fold records.</summary>
public sealed class CpuIsaTests
{
    [Theory]
    [InlineData("avx2", "avx2")]
    [InlineData("AVX2", "avx2")]
    [InlineData("avx-512", "avx512")]
    [InlineData(" avx512 ", "avx512")]
    public void Names_are_read_loosely(string given, string expected) => Assert.Equal(expected, CpuIsa.Parse(given));

    [Fact]
    public void An_unknown_name_is_one_error_naming_the_option_and_the_choices()
    {
        var e = Assert.Throws<InputException>(() => CpuIsa.Parse("sse4"));
        Assert.Equal("--cpu-isa sse4: expected one of avx2, avx512", e.Message);
    }

    [Fact]
    public void Each_set_pins_onednn_onemkl_and_aten_alike()
    {
        Assert.Equal(
            [("ONEDNN_MAX_CPU_ISA", "AVX2"), ("DNNL_MAX_CPU_ISA", "AVX2"), ("MKL_ENABLE_INSTRUCTIONS", "AVX2"), ("ATEN_CPU_CAPABILITY", "avx2")],
            CpuIsa.Environment("avx2"));
        Assert.Equal(["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS", "ATEN_CPU_CAPABILITY"],
            CpuIsa.Environment("avx512").Select(v => v.Name));
    }

    [Theory]
    [InlineData("avx2", "avx512", null)]
    [InlineData("avx2", "avx2", null)]
    [InlineData("avx512", "avx2", "--cpu-isa avx512: this CPU does not have AVX512 (its newest is avx2); pin every worker to a set all of them have")]
    [InlineData("avx2", "baseline", "--cpu-isa avx2: this CPU does not have AVX2 (its newest is baseline); pin every worker to a set all of them have")]
    public void A_set_can_be_pinned_only_on_a_machine_that_has_it(string isa, string machine, string? problem) =>
        Assert.Equal(problem, CpuIsa.Problem(isa, machine));

    [Fact]
    public void A_fold_records_the_pinned_set_or_the_machines_own()
    {
        Assert.Equal("avx2 pinned", CpuIsa.Label("avx2", "avx512"));
        Assert.Equal("avx512", CpuIsa.Label(null, "avx512"));
        Assert.Contains(CpuIsa.Machine(), new[] { "avx512", "avx2", "baseline" });
    }
}
