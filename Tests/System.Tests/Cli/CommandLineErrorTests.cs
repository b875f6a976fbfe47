using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Cli;

/// <summary>
/// Mistakes on the command line, as a user makes them: the programs run as processes, exit with 2 (bad
/// input, never 1, which means "some folds failed"), and say what is wrong in the user's words, naming
/// the option as it was typed and no .NET type.
/// </summary>
public sealed class CommandLineErrorTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-args-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    (int ExitCode, string Output) Run(string dll, params string[] arguments)
    {
        using var process = NodeProcess.Start("crossfold", dll, arguments, _dir);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), process.Output);
        return (process.ExitCode, process.Output);
    }

    [Theory]
    [InlineData("'--bogus'", "run", "quick.yaml", "--bogus")]
    [InlineData("Required argument missing", "run")]
    [InlineData("--threads abc: expected a whole number", "run", "quick.yaml", "--threads", "abc")]
    [InlineData("-w must be at least 1, got 0", "run", "quick.yaml", "-w", "0")]
    [InlineData("--max-retries 1.5: expected a whole number", "run", "quick.yaml", "--max-retries", "1.5")]
    [InlineData("'--model' is required", "predict", "digit.png")]
    [InlineData("--limit ten: expected a whole number", "status", "--limit", "ten")]
    public void A_usage_error_exits_2_with_a_message_in_the_users_words(string expected, params string[] arguments)
    {
        var (code, output) = Run(RepoPaths.CoordinatorDll, arguments);
        Assert.True(code == 2, output);
        Assert.Contains(expected, output);
        Assert.Contains($"`crossfold {arguments[0]} --help`", output);
        Assert.DoesNotContain("System.", output);
    }

    [Theory]
    [InlineData("-d", "cuda:99")]
    [InlineData("--device", "tpu")]
    public void A_device_predict_cannot_use_is_named_by_predicts_own_option(string option, string device)
    {
        var (code, output) = Run(RepoPaths.CoordinatorDll, "predict", "-m", "model.crossfold", option, device, "digit.png");
        Assert.True(code == 2, output);
        Assert.Contains($"error: {option} {device}: ", output);
        Assert.DoesNotContain("--devices", output);
    }

    [Fact]
    public void A_format_predict_does_not_write_is_named_as_typed()
    {
        var (code, output) = Run(RepoPaths.CoordinatorDll, "predict", "-m", "model.crossfold", "-f", "xml", "digit.png");
        Assert.True(code == 2, output);
        Assert.Contains("error: -f xml: expected text or json", output);
    }

    [Fact]
    public void A_report_format_that_does_not_exist_is_one_error_before_anything_is_asked()
    {
        var (code, output) = Run(RepoPaths.CoordinatorDll, "report", "s-1", "-f", "xml", "--coordinator", "http://127.0.0.1:1");
        Assert.True(code == 2, output);
        Assert.Equal(1, output.Split('\n').Count(l => l.Contains("xml")));
        Assert.Contains("error: -f xml: expected md, json, csv or html", output);
    }

    [Fact]
    public void A_worker_usage_error_exits_2_too()
    {
        var (code, output) = Run(RepoPaths.WorkerDll, "--grace", "soon");
        Assert.True(code == 2, output);
        Assert.Contains("--grace soon: expected a whole number", output);
        Assert.DoesNotContain("System.", output);
    }

    [Theory]
    [InlineData("--public-port 70000: expected a TCP port number from 1 to 65535", "--public-port", "70000", "--port", "4100")]
    [InlineData("--public-port 5000 needs a fixed --port", "--public-port", "5000")]
    [InlineData("--public-port 0: expected a TCP port number from 1 to 65535", "serve", "--public-port", "0", "--data", "data")]
    public void A_public_port_nothing_could_forward_to_exits_2_before_the_node_starts(string expected, params string[] arguments)
    {
        var (code, output) = Run(arguments[0] == "serve" ? RepoPaths.CoordinatorDll : RepoPaths.WorkerDll, arguments);
        Assert.True(code == 2, output);
        Assert.Contains(expected, output);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")), "a refused start writes nothing");
    }
}
