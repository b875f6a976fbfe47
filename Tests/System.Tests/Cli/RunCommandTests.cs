using System.Text.Json;
using System.Text.RegularExpressions;
using Crossfold.Reports;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cli;

/// <summary>`crossfold run` as a user runs it: a real process, its exit code, its output and its files.</summary>
public sealed class RunCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    NodeProcess Crossfold(params string[] arguments) => NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, arguments, _dir);

    string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_tiny_sweep_runs_end_to_end_and_writes_every_report_file()
    {
        string sweep = Write("tiny.yaml", ClusterTestSweeps.Tiny);
        string output = Path.Combine(_dir, "out");
        using var run = Crossfold("run", sweep, "--out", output, "--plain", "--local-workers", "2");
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), run.Output);
        Assert.True(run.ExitCode == 0, run.Output);

        foreach (var file in new[] { "report.json", "report.md", "folds.csv", "report.html", "fold-accuracy.png", "learning-curves.png", "confusion-best.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing:\n{run.Output}");
        var report = JsonReportWriter.Read(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(2, report.Trials.Count);
        Assert.All(report.Trials, t => Assert.Equal(3, t.Folds.Count));
        Assert.Equal(6 + 1, File.ReadAllLines(Path.Combine(output, "folds.csv")).Length);
        Assert.Contains("[6/6]", run.Output);
        Assert.Contains("* best:", run.Output);
        Assert.Contains("Report files in", run.Output);
    }

    [Fact]
    public void A_missing_sweep_file_is_one_clear_error_and_exit_code_2()
    {
        using var run = Crossfold("run", "no-such-sweep.yaml");
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no-such-sweep.yaml: sweep file not found", run.Output);
    }

    [Fact]
    public void A_bad_sweep_file_lists_each_problem_with_its_line_and_writes_nothing()
    {
        string sweep = Write("bad.yaml", "folds: 1\narchitectures: [seed-cnn-9]\ntraining: {epochs: -2}\n");
        using var run = Crossfold("run", sweep, "--out", Path.Combine(_dir, "out"));
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yaml:1:", run.Output);
        Assert.Contains("bad.yaml:2:", run.Output);
        Assert.Contains("bad.yaml:3:", run.Output);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Ctrl_c_cancels_cleanly_and_reports_what_finished()
    {
        string sweep = Write("slow.yaml", ClusterTestSweeps.Slow);
        string output = Path.Combine(_dir, "out");
        using var run = Crossfold("run", sweep, "--out", output, "--plain", "--local-workers", "1");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!run.Output.Contains("[1/") && DateTime.UtcNow < deadline && !run.HasExited) Thread.Sleep(200);
        Assert.Contains("[1/", run.Output);
        run.Interrupt();
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), run.Output);
        Assert.Equal(130, run.ExitCode);
        Assert.Contains("Interrupted:", run.Output);
        var report = JsonReportWriter.Read(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal("cancelled", report.State);
        int finished = report.Trials.Sum(t => t.Folds.Count);
        Assert.InRange(finished, 1, 5);
        Assert.Contains($"{finished} of 6 folds had finished", run.Output);
        // The table counts every planned fold, including a trial that never started (0/3), and folds.csv lists the rest as cancelled.
        foreach (var t in report.Trials)
            Assert.Matches(new Regex($@"(?m)^[* ]  {Regex.Escape(t.Label)} +[\d,]+ +{t.Folds.Count}/3\s"), run.Output);
        var csv = File.ReadAllLines(Path.Combine(output, "folds.csv"));
        Assert.Equal(6 + 1, csv.Length);
        Assert.Equal(6 - finished, csv.Count(l => l.Contains(",cancelled,")));
    }

    [Fact]
    public void The_live_view_fits_an_80_column_terminal()
    {
        string sweep = Write("long-labels.yaml", ClusterTestSweeps.Slow + "\nhyperparameters: {learning_rate: [0.001, 0.0003], batch_size: [100]}\n");
        using var run = TerminalProcess.Start(RepoPaths.CoordinatorDll, ["run", sweep, "--out", Path.Combine(_dir, "out"), "--local-workers", "1"], 80, _dir);
        // A job's row: its label elided to end with its fold, then the bar, percentage, elapsed and remaining time, on one line.
        var row = new Regex(@"(?m)^seed-cnn-5 \| .*….*, fold 1/3 ━+ +\d+% \d\d:\d\d:\d\d (\d\d|--):(\d\d|--):(\d\d|--)\s*$");
        bool shown = false;
        for (var deadline = DateTime.UtcNow.AddMinutes(3); !shown && DateTime.UtcNow < deadline; Thread.Sleep(500))
            shown = row.IsMatch(Visible(run.Output));
        run.TypeCtrlC();
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), Visible(run.Output));
        Assert.True(shown, Visible(run.Output));
        // The terminal echoes the test's Ctrl-C as "^C" wherever the cursor stands: that is the pty's, not the view's.
        Assert.All(Visible(run.Output).Replace("^C", "").Split('\n').Where(l => l.Contains('━')), l => Assert.True(l.TrimEnd().Length < 80, l));
    }

    /// <summary>Terminal output without its escape sequences, one line per line.</summary>
    static string Visible(string raw) => Regex.Replace(raw, @"\x1b\[[0-9;?]*[A-Za-z]", "").Replace("\r\n", "\n").Replace('\r', '\n');

    [Fact]
    public void A_client_command_without_a_coordinator_says_so_and_exits_3()
    {
        using var run = Crossfold("status", "--coordinator", $"http://127.0.0.1:{TestPorts.Free()}");
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("cannot reach the coordinator", run.Output);
    }
}
