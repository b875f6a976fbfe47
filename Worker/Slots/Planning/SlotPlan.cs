using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Worker.Slots;

/// <summary>One slot a node will run: the device it trains on and its CPU threads.</summary>
public sealed record PlannedSlot(int Index, Device Device, string DeviceName, long MemoryBytes, int Threads);

/// <summary>
/// Decides a node's slots from what the user asked for: one per GPU (or N per GPU, see <see cref="GpuShares"/>), or N CPU slots with a fixed
/// number of threads each. CPU slots default to one per core with one thread each: that is both the
/// fastest way to run many folds and the one that gives bit-identical metrics on every machine
/// (libtorch's CPU results depend on the thread count).
/// </summary>
public static class SlotPlan
{
    /// <param name="devices">"cpu", "all" (every GPU), "auto" (every GPU, else the CPU), or a list such as "cuda:0,cuda:2".</param>
    /// <param name="slots">CPU slots (default: one per core); ignored for GPUs.</param>
    /// <param name="threads">CPU threads per slot (default 1).</param>
    /// <param name="log">Told when "auto" falls back to the CPU, or a GPU gets fewer slots than asked.</param>
    /// <param name="slotsPerGpu">Slots sharing each GPU (--slots-per-gpu); ignored for the CPU.</param>
    public static IReadOnlyList<PlannedSlot> Create(string devices, int? slots, int? threads, Action<string>? log = null, int slotsPerGpu = 1)
    {
        if (slots is <= 0) throw new InputException($"--slots must be at least 1, got {slots}");
        if (slotsPerGpu < 1) throw new InputException($"--slots-per-gpu must be at least 1, got {slotsPerGpu}");
        if (threads is <= 0) throw new InputException($"--threads must be at least 1, got {threads}");
        string d = devices.Trim().ToLowerInvariant();
        if (d == "cpu") return Cpu(slots, threads);
        if (d is "all" or "auto")
        {
            int gpus = Devices.CudaDeviceCount();
            if (gpus > 0) return Gpus(Enumerable.Range(0, gpus).Select(i => $"cuda:{i}"), slotsPerGpu, log);
            if (d == "all") throw new InputException("--devices all: no CUDA device is visible (CPU-only build, no driver, or CUDA_VISIBLE_DEVICES empty); use --devices cpu");
            log?.Invoke("no CUDA device is visible: --devices auto falls back to the CPU");
            return Cpu(slots, threads);
        }
        var names = d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new InputException("--devices is empty: use cpu, all, auto or a list such as cuda:0,cuda:1");
        if (names.Distinct().Count() != names.Length) throw new InputException($"--devices {devices}: a device is listed twice");
        if (names.Any(n => n == "cpu")) throw new InputException($"--devices {devices}: cpu cannot be mixed with GPUs; run a separate worker");
        return Gpus(names, slotsPerGpu, log);
    }

    static IReadOnlyList<PlannedSlot> Cpu(int? slots, int? threads)
    {
        int n = slots ?? Environment.ProcessorCount;
        int t = threads ?? 1;
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Enumerable.Range(0, n).Select(i => new PlannedSlot(i, CPU, $"CPU ({Environment.ProcessorCount} cores)", memory, t)).ToList();
    }

    static Device Resolve(string name)
    {
        try { return Devices.Resolve(name); }
        catch (InputException e) { throw new InputException($"--devices {e.Message}"); }
    }

    static IReadOnlyList<PlannedSlot> Gpus(IEnumerable<string> names, int slotsPerGpu, Action<string>? log)
    {
        var devices = names.Select(name => (name, device: Resolve(name))).ToList();
        var shares = GpuShares.Plan(devices.Select(d => (d.name, (int)d.device.index)).ToList(), GpuInfo.Read(), slotsPerGpu, log);
        return shares.Select((share, i) => new PlannedSlot(i, devices.First(d => d.name == share.Device).device, share.DeviceName, share.MemoryBytes, 1)).ToList();
    }
}
