using Crossfold.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training;

/// <summary>Resolves the device names users write (cpu, cuda, cuda:N, auto) and sets libtorch's CPU threads.</summary>
public static class Devices
{
    /// <summary>
    /// The device for a name: "cpu", "cuda" (= cuda:0), "cuda:N", or "auto" (the first GPU if any, else
    /// the CPU). Asking for a GPU that is not there is an <see cref="InputException"/> that starts with the
    /// name and names no option: the caller knows which option the name came from and puts it in front.
    /// </summary>
    public static Device Resolve(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n == "auto") return CudaAvailable() ? new Device(DeviceType.CUDA, 0) : CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            int index = 0;
            if (n.Length > 4 && !int.TryParse(n.AsSpan(5), out index) || index < 0)
                throw new InputException($"{name}: expected cpu, cuda, cuda:N or auto");
            if (!CudaAvailable())
                throw new InputException($"{name}: no CUDA device is available (this build or machine has none); use cpu or auto");
            int count = cuda.device_count();
            if (index >= count)
                throw new InputException($"{name}: only {count} CUDA device(s) are visible (cuda:0..cuda:{count - 1})");
            return new Device(DeviceType.CUDA, index);
        }
        throw new InputException($"{name}: expected cpu, cuda, cuda:N or auto");
    }

    /// <summary>True when libtorch was built with CUDA and sees at least one GPU.</summary>
    public static bool CudaAvailable()
    {
        try { return cuda.is_available(); }
        catch (Exception) { return false; } // a CPU-only libtorch can throw instead of answering false
    }

    /// <summary>Number of visible CUDA devices (0 on CPU-only builds).</summary>
    public static int CudaDeviceCount() => CudaAvailable() ? cuda.device_count() : 0;

    /// <summary>
    /// Sets libtorch's intra-op threads for the calling thread and the threads it starts later. Call it
    /// on the thread that trains: libtorch keeps the setting per thread.
    /// </summary>
    public static void UseThreads(int threads)
    {
        int n = threads > 0 ? threads : Environment.ProcessorCount;
        if (get_num_threads() != n) set_num_threads(n);
    }

    /// <summary>"cpu" or "cuda:0" — how reports name a device.</summary>
    public static string Name(Device device) => device.type == DeviceType.CUDA ? $"cuda:{device.index}" : "cpu";
}
