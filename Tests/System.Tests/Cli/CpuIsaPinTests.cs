using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cli;

/// <summary>
/// `--cpu-isa` on real processes: the pin reaches libtorch (oneDNN says which instruction set it dispatches to), every
/// fold records it, two pinned runs of the same sweep are identical, and a set the CPU lacks or does not know is refused.
/// </summary>
public sealed class CpuIsaPinTests : IDisposable
{
    const string Sweep = "name: pinned\ndataset: {source: mnist-t10k, limit: 200}\nfolds: 2\narchitectures: [seed-cnn-1]\ntraining: {epochs: 1}\n";

    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-isa-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    (string Output, string[] Rows) Run(string name)
    {
        string sweep = Path.Combine(_dir, "pinned.yaml");
        File.WriteAllText(sweep, Sweep);
        string output = Path.Combine(_dir, name);
        using var run = NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, ["run", sweep, "--out", output, "--plain", "--cpu-isa", "avx2"], _dir,
            new Dictionary<string, string> { ["ONEDNN_VERBOSE"] = "1" });
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        return (run.Output, File.ReadAllLines(Path.Combine(output, "folds.csv")));
    }

    [Fact]
    public void A_pinned_run_uses_that_set_records_it_per_fold_and_repeats_bit_for_bit()
    {
        var (output, first) = Run("first");
        Assert.Contains("isa:Intel AVX2", output); // oneDNN's own word on the kernels it dispatches to
        Assert.DoesNotContain("isa:Intel AVX-512", output);
        Assert.Contains("1 thread each, avx2 pinned", output);
        string[] header = first[0].Split(',');
        int isa = Array.IndexOf(header, "cpu_isa"), accuracy = Array.IndexOf(header, "accuracy"), loss = Array.IndexOf(header, "loss");
        Assert.Equal(2, first.Length - 1);
        Assert.All(first.Skip(1), row => Assert.Equal("avx2 pinned", row.Split(',')[isa]));

        var (_, second) = Run("second");
        string[] Scores(string[] rows) => rows.Skip(1).Select(r => r.Split(',')).Select(c => $"{c[accuracy]} {c[loss]}").ToArray();
        Assert.Equal(Scores(first), Scores(second));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("worker")]
    public void An_unknown_set_is_one_error_and_exit_code_2(string program)
    {
        string sweep = Path.Combine(_dir, "pinned.yaml");
        File.WriteAllText(sweep, Sweep);
        using var process = program == "run"
            ? NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, ["run", sweep, "--cpu-isa", "avx9"], _dir)
            : NodeProcess.Start("crossfold-worker", RepoPaths.WorkerDll, ["--cpu-isa", "avx9", "--devices", "cpu"], _dir);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), process.Output);
        Assert.True(process.ExitCode == 2, process.Output);
        Assert.Contains("--cpu-isa avx9: expected one of avx2, avx512", process.Output);
    }
}
