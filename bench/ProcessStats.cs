using System.Globalization;

namespace Crossfold.Bench;

/// <summary>
/// What the kernel says about this process and the machine: peak resident memory, and how much CPU
/// other processes used while a measurement ran (a number taken on a busy machine is worthless).
/// </summary>
static class ProcessStats
{
    /// <summary>Peak resident set size of this process in bytes (VmHWM of /proc/self/status).</summary>
    public static long PeakRssBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Current resident set size in bytes (VmRSS).</summary>
    public static long RssBytes() => StatusKilobytes("VmRSS:") * 1024;

    static long StatusKilobytes(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }

    /// <summary>Busy and total jiffies of all CPUs (first line of /proc/stat).</summary>
    static (long Busy, long Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        long idle = fields[3] + fields[4]; // idle + iowait
        long total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - idle, total);
    }

    /// <summary>CPU jiffies this process has used (utime + stime of /proc/self/stat).</summary>
    static long Own()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>Minor page faults of this process so far (field minflt of /proc/self/stat).</summary>
    public static long MinorFaults()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], CultureInfo.InvariantCulture);
    }

    /// <summary>Starts watching the machine; <see cref="Watch.OthersCores"/> then says how many cores others kept busy on average.</summary>
    public static Watch StartWatch() => new(Machine(), Own());

    public sealed class Watch((long Busy, long Total) machine, long own)
    {
        /// <summary>Average number of cores busy with other processes since the watch started (0 = a quiet machine).</summary>
        public double OthersCores()
        {
            var (busy, total) = Machine();
            long elapsed = total - machine.Total;
            if (elapsed <= 0) return 0;
            double others = (busy - machine.Busy) - (Own() - own);
            return Math.Max(0, others / elapsed * Environment.ProcessorCount);
        }
    }
}
