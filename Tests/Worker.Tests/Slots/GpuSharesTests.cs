using Crossfold.Worker.Slots;

namespace Crossfold.Tests.Slots;

/// <summary>--slots-per-gpu planning: N slots per GPU, fewer where nvidia-smi reports too little free memory (no GPU needed).</summary>
public sealed class GpuSharesTests
{
    const long GiB = 1L << 30;

    [Fact]
    public void Each_gpu_gets_the_slots_asked_for_when_its_free_memory_allows_and_shares_its_memory_among_them()
    {
        var details = new Dictionary<int, GpuDetails> { [0] = new("H100", 80 * GiB, 79 * GiB), [1] = new("H100", 80 * GiB, 40 * GiB) };
        var shares = GpuShares.Plan([("cuda:0", 0), ("cuda:1", 1)], details, 4);
        Assert.Equal(["cuda:0", "cuda:0", "cuda:0", "cuda:0", "cuda:1", "cuda:1", "cuda:1", "cuda:1"], shares.Select(s => s.Device));
        Assert.All(shares, s => Assert.Equal(20 * GiB, s.MemoryBytes));
    }

    [Fact]
    public void A_gpu_with_little_free_memory_gets_fewer_slots_but_at_least_one_and_the_worker_says_so()
    {
        var notes = new List<string>();
        var details = new Dictionary<int, GpuDetails> { [0] = new("T4", 16 * GiB, 2 * GiB + GiB / 2), [1] = new("T4", 16 * GiB, GiB / 4) };
        var shares = GpuShares.Plan([("cuda:0", 0), ("cuda:1", 1)], details, 4, notes.Add);
        Assert.Equal(2, shares.Count(s => s.Device == "cuda:0"));
        Assert.Equal(1, shares.Count(s => s.Device == "cuda:1"));
        Assert.Equal(2, notes.Count);
        Assert.Contains("cuda:0 (T4) has 2.5 GiB free of 16 GiB: 2 slots instead of 4 (each needs 1 GiB)", notes);
    }

    [Fact]
    public void Without_nvidia_smi_every_gpu_gets_the_slots_asked_for()
    {
        var shares = GpuShares.Plan([("cuda:2", 2)], new Dictionary<int, GpuDetails>(), 3);
        Assert.Equal(3, shares.Count);
        Assert.All(shares, s => Assert.Equal(("CUDA device 2", 0L), (s.DeviceName, s.MemoryBytes)));
    }

    [Fact]
    public void Nvidia_smi_csv_is_read_by_index_in_bytes_and_unreadable_lines_are_skipped()
    {
        var gpus = GpuInfo.Parse("0, NVIDIA H100 80GB HBM3, 81559, 80000\nnot a line\n1, Tesla T4, 15360, [N/A]\n");
        var gpu = Assert.Single(gpus).Value;
        Assert.Equal(new GpuDetails("NVIDIA H100 80GB HBM3", 81559L << 20, 80000L << 20), gpu);
    }

    [Fact]
    public void Slots_per_gpu_below_one_is_refused_naming_the_option()
    {
        var e = Assert.Throws<Crossfold.Core.InputException>(() => SlotPlan.Create("cpu", null, null, slotsPerGpu: 0));
        Assert.Equal("--slots-per-gpu must be at least 1, got 0", e.Message);
    }
}
