using System.Diagnostics;
using System.Globalization;

namespace Crossfold.Worker.Slots;

/// <summary>Names and memory of the visible NVIDIA GPUs, from nvidia-smi (libtorch does not expose them).</summary>
public static class GpuInfo
{
    /// <summary>(name, memory in bytes) by CUDA index; empty when nvidia-smi is missing or fails.</summary>
    public static IReadOnlyDictionary<int, (string Name, long MemoryBytes)> Query()
    {
        var result = new Dictionary<int, (string, long)>();
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", "--query-gpu=index,name,memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null) return result;
            string text = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(5000) || process.ExitCode != 0) return result;
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length == 3 && int.TryParse(parts[0], out int index) &&
                    long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long mib))
                    result[index] = (parts[1], mib * 1024 * 1024);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // nvidia-smi is not installed: no GPU details to advertise.
        }
        return result;
    }
}
