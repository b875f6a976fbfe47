using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Intake;

/// <summary>The intake's rules from the command line, as a user meets them: real processes, exit codes, messages.</summary>
public sealed class IntakeCommandLineTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    NodeProcess Crossfold(params string[] arguments) => NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, arguments, _folder.Path);

    [Theory]
    [InlineData("--datasets-root", "/no/such/root", "--datasets-root /no/such/root: no such directory")]
    [InlineData("--max-jobs-per-sweep", "0", "--max-jobs-per-sweep must be from 1 to 1,000,000")]
    [InlineData("--max-epochs", "0", "--max-epochs must be at least 1")]
    [InlineData("--max-active-sweeps", "0", "--max-active-sweeps must be at least 1")]
    [InlineData("--max-dataset-bytes", "0", "--max-dataset-bytes must be at least 1")]
    [InlineData("--dataset-cache-bytes", "0", "--dataset-cache-bytes must be at least 1")]
    public void Serve_refuses_an_intake_option_out_of_range_naming_it(string option, string value, string message)
    {
        using var serve = Crossfold("serve", "--http", $"http://127.0.0.1:{TestPorts.Free()}", "--port", $"{TestPorts.Free()}", option, value);
        Assert.True(serve.WaitForExit(TimeSpan.FromMinutes(1)), serve.Output);
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains(message, serve.Output);
    }

    [Fact]
    public void Run_names_the_field_and_line_of_a_dataset_file_that_is_a_fifo_and_never_blocks_on_it()
    {
        _folder.Write("data/images", TestData.IdxImages(10, 28, 28, TestData.Pixels(10 * 784)));
        string fifo = Fifo.Make(Path.Combine(_folder.Path, "data", "labels"));
        string sweep = _folder.Write("sweep.yaml", System.Text.Encoding.UTF8.GetBytes("architectures: [seed-mlp-1]\ndataset:\n  images: data/images\n  labels: data/labels\n"));

        using var run = Crossfold("run", sweep, "--plain");
        if (!run.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail($"crossfold run blocked on the FIFO:\n{run.Output}");
        }

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"sweep.yaml:4:3: dataset.labels: {fifo}: is not a regular file (a FIFO, device or socket); a dataset must be a regular file", run.Output);
    }
}
