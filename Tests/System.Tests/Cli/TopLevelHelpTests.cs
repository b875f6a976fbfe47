using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cli;

/// <summary>
/// `crossfold --help`, run as a process: a subcommand whose argument may be left out shows it in brackets, as its own
/// help does, and the descriptions stay in one column.
/// </summary>
public sealed class TopLevelHelpTests
{
    [Fact]
    public void Optional_arguments_are_bracketed_and_the_descriptions_stay_aligned()
    {
        using var process = NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, new[] { "--help" }, Path.GetTempPath());
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), process.Output);
        Assert.Equal(0, process.ExitCode);
        string[] lines = process.Output.Split('\n');
        string status = Assert.Single(lines, l => l.StartsWith("  status ", StringComparison.Ordinal));
        string run = Assert.Single(lines, l => l.StartsWith("  run ", StringComparison.Ordinal));
        Assert.StartsWith("  status [<id>]  ", status);
        Assert.StartsWith("  run <sweep>  ", run);
        Assert.Equal(run.IndexOf("Run a whole", StringComparison.Ordinal), status.IndexOf("Show the newest", StringComparison.Ordinal));
    }
}
