namespace Crossfold.Reports;

/// <summary>
/// Whether a trial's folds can be compared bit for bit: libtorch's last bits depend on the device, the CPU thread
/// count and the CPU instruction set, so folds that ran on different setups differ a little for reasons that have
/// nothing to do with the model. Same sweep file and seed on the same setup gives identical folds.
/// </summary>
public static class BitComparability
{
    /// <summary>A fold's setup in words, e.g. "cpu, 1 thread, avx2 pinned" or "cuda:0".</summary>
    public static string Setup(FoldReport fold) => fold.Device != "cpu" ? fold.Device
        : $"cpu, {fold.Threads} thread{(fold.Threads == 1 ? "" : "s")}, {(fold.CpuIsa.Length > 0 ? fold.CpuIsa : "instruction set not recorded")}";

    /// <summary>The distinct setups of <paramref name="folds"/> (first seen first) when there is more than one; null when all match.</summary>
    public static IReadOnlyList<string>? Mixed(IReadOnlyList<FoldReport> folds)
    {
        var setups = folds.Select(Setup).Distinct().ToList();
        return setups.Count > 1 ? setups : null;
    }

    /// <summary>The line the text reports print for a trial whose folds ran on mixed setups.</summary>
    public static string Warning(TrialReport trial) =>
        $"Not bit-comparable: {trial.Label}'s folds ran on {string.Join(" and ", trial.NotBitComparable!)}; their last bits differ by setup, " +
        "not by model (pin workers with --cpu-isa and the same --threads to compare folds exactly).";
}
