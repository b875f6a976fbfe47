using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>A trial whose folds ran on different setups (device, threads, CPU instruction set) is flagged in every format.</summary>
public sealed class BitComparabilityTests
{
    static FoldReport Fold(string device, int threads, string isa) =>
        new(0, 0, 0, 1, 0.9, 0.3, 1, 1, 10, 0, 5, 1, "node", device, threads, 1, [], [], isa);

    [Fact]
    public void Folds_on_one_setup_are_comparable()
    {
        Assert.Null(BitComparability.Mixed([Fold("cpu", 1, "avx2 pinned"), Fold("cpu", 1, "avx2 pinned")]));
        Assert.Null(BitComparability.Mixed([]));
    }

    [Fact]
    public void Another_instruction_set_thread_count_or_device_makes_them_not_comparable()
    {
        Assert.Equal(["cpu, 1 thread, avx512", "cpu, 1 thread, avx2 pinned"],
            BitComparability.Mixed([Fold("cpu", 1, "avx512"), Fold("cpu", 1, "avx2 pinned"), Fold("cpu", 1, "avx512")]));
        Assert.Equal(["cpu, 1 thread, avx2", "cpu, 4 threads, avx2"], BitComparability.Mixed([Fold("cpu", 1, "avx2"), Fold("cpu", 4, "avx2")]));
        Assert.Equal(["cuda:0", "cpu, 1 thread, instruction set not recorded"], BitComparability.Mixed([Fold("cuda:0", 0, ""), Fold("cpu", 1, "")]));
    }

    [Fact]
    public void The_fixtures_mixed_cpu_and_gpu_folds_are_flagged_in_markdown_html_json_and_csv()
    {
        var report = ReportFixture.Report(); // its folds alternate between cuda:0 and 4 CPU threads
        var trial = report.Trials[0];
        Assert.NotNull(trial.NotBitComparable);
        string warning = BitComparability.Warning(trial);
        Assert.StartsWith($"Not bit-comparable: {trial.Label}'s folds ran on cuda:0 and cpu, 4 threads, instruction set not recorded;", warning);
        Assert.Contains(warning, MarkdownReportWriter.Write(report));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(warning), HtmlReportWriter.Write(report));
        Assert.Contains("\"notBitComparable\": [", JsonReportWriter.Write(report));
        Assert.Contains(",threads,cpu_isa,attempts,", CsvReportWriter.Write(report).Split('\n')[0]);
    }
}
