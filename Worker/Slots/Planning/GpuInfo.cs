using System.Diagnostics;
using System.Globalization;

namespace Crossfold.Worker.Slots;

/// <summary>One NVIDIA GPU as nvidia-smi reports it: its name, total memory and the memory free right now.</summary>
public sealed record GpuDetails(string Name, long MemoryBytes, long FreeBytes);

/// <summary>Names and memory of the visible NVIDIA GPUs, from nvidia-smi (libtorch does not expose them).</summary>
public static class GpuInfo
{
    const string Query = "--query-gpu=index,name,memory.total,memory.free --format=csv,noheader,nounits";

    /// <summary>The GPUs by CUDA index; empty when nvidia-smi is missing or fails.</summary>
    public static IReadOnlyDictionary<int, GpuDetails> Read()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", Query)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null) return new Dictionary<int, GpuDetails>();
            string text = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? Parse(text) : new Dictionary<int, GpuDetails>();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // nvidia-smi is not installed: no GPU details to advertise.
            return new Dictionary<int, GpuDetails>();
        }
    }

    /// <summary>nvidia-smi's CSV ("0, NVIDIA H100, 81559, 80000" per line, MiB) by CUDA index; lines it cannot read are skipped.</summary>
    public static IReadOnlyDictionary<int, GpuDetails> Parse(string csv)
    {
        var result = new Dictionary<int, GpuDetails>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 4 && int.TryParse(parts[0], out int index) && Mib(parts[2]) is long total && Mib(parts[3]) is long free)
                result[index] = new GpuDetails(parts[1], total, free);
        }
        return result;
    }

    static long? Mib(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long mib) ? mib * 1024 * 1024 : null;
}
