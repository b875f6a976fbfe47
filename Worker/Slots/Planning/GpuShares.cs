namespace Crossfold.Worker.Slots;

/// <summary>One slot's share of a GPU: the device it trains on, the GPU's name, and the memory that is its share.</summary>
public sealed record GpuShare(string Device, int CudaIndex, string DeviceName, long MemoryBytes);

/// <summary>
/// How many slots each GPU gets (--slots-per-gpu): N slots share a GPU when the model is small and one fold
/// leaves it mostly idle. Before a GPU gets a slot, its free memory is checked: every slot needs
/// <see cref="MinFreeBytesPerSlot"/>, so a GPU another process already fills gets fewer slots (at least one),
/// and the worker says so. A pure function of what nvidia-smi reported.
/// </summary>
public static class GpuShares
{
    /// <summary>1 GiB: what a fold of the seed's CNNs at batch 100 takes with room to spare (libtorch's context included).</summary>
    public const long MinFreeBytesPerSlot = 1L << 30;

    /// <param name="gpus">The GPUs asked for: device name ("cuda:1") and CUDA index, in order.</param>
    /// <param name="details">What nvidia-smi says of each CUDA index (missing when it is not installed).</param>
    /// <param name="slotsPerGpu">Slots wanted per GPU.</param>
    /// <param name="note">Told when a GPU gets fewer slots than asked.</param>
    public static IReadOnlyList<GpuShare> Plan(IReadOnlyList<(string Device, int CudaIndex)> gpus, IReadOnlyDictionary<int, GpuDetails> details,
        int slotsPerGpu, Action<string>? note = null)
    {
        var shares = new List<GpuShare>();
        foreach (var (device, index) in gpus)
        {
            if (!details.TryGetValue(index, out var gpu))
            {
                shares.AddRange(Enumerable.Repeat(new GpuShare(device, index, $"CUDA device {index}", 0), slotsPerGpu));
                continue;
            }
            int fit = (int)Math.Clamp(gpu.FreeBytes / MinFreeBytesPerSlot, 1, slotsPerGpu);
            if (fit < slotsPerGpu)
                note?.Invoke($"{device} ({gpu.Name}) has {Gib(gpu.FreeBytes)} free of {Gib(gpu.MemoryBytes)}: {fit} slot{(fit == 1 ? "" : "s")} " +
                    $"instead of {slotsPerGpu} (each needs {Gib(MinFreeBytesPerSlot)})");
            shares.AddRange(Enumerable.Repeat(new GpuShare(device, index, gpu.Name, gpu.MemoryBytes / fit), fit));
        }
        return shares;
    }

    static string Gib(long bytes) => $"{bytes / (double)(1L << 30):0.#} GiB";
}
