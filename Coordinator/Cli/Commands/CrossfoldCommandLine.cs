using System.CommandLine;
using Crossfold.Protocol.CommandLine;

namespace Crossfold.Cli;

/// <summary>The `crossfold` command and its subcommands; each subcommand's work lives in its own class.</summary>
public static class CrossfoldCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Crossfold: k-fold cross-validation sweeps of image classifiers, on one machine or a cluster.");
        root.Subcommands.Add(Run());
        root.Subcommands.Add(ServeCommand.Build());
        foreach (var command in ClientCommands.Build()) root.Subcommands.Add(command);
        root.Subcommands.Add(PredictCommand.Build());
        root.Subcommands.Add(CertsCommand.Build());
        root.Subcommands.Add(DatasetsCommand.Build());
        OptionalArgumentsHelp.Use(root);
        return root;
    }

    static Command Run()
    {
        var sweep = new Argument<string>("sweep") { Description = "The sweep file (YAML or JSON), e.g. sweeps/quick.yaml" };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for the report files (report.json, .md, .html, folds.csv, plots, model) [default: runs/<sweep id>]" };
        var workers = new Option<int?>("--local-workers", "-w") { Description = "Worker slots in this process [default: one per CPU core, or one per GPU]" }.AtLeast(1);
        var devices = new Option<string>("--devices", "-d") { Description = "cpu, auto (GPUs if any, else CPU), all (every GPU) or a list such as cuda:0,cuda:1", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads per slot [default: 1, which gives identical metrics on every machine]" }.AtLeast(1);
        var plain = new Option<bool>("--plain") { Description = "Print one line per event instead of live progress bars (automatic when output is redirected)" };
        var retries = new Option<int>("--max-retries") { Description = "Times a failed fold is retried before it is recorded as failed", DefaultValueFactory = _ => 3 }.AtLeast(0);
        var cpuIsa = new Option<string?>("--cpu-isa") { Description = "Hold libtorch's CPU kernels to one instruction set (avx2, avx512) [default: the machine's newest]" };
        var slotsPerGpu = new Option<int>("--slots-per-gpu") { Description = "Slots sharing each GPU, for small models (each needs 1 GiB free)", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "Run a whole cross-validation sweep on this machine and write its report.")
        {
            sweep, output, workers, devices, threads, plain, retries, slotsPerGpu, cpuIsa,
        };
        command.SetAction(async result =>
        {
            using var interrupt = new Interrupt();
            return await RunCommand.Run(
                new RunOptions(result.GetValue(sweep)!, result.GetValue(output), result.GetValue(workers), result.GetValue(devices)!,
                    result.GetValue(threads), result.GetValue(plain), result.GetValue(retries), result.GetValue(slotsPerGpu), result.GetValue(cpuIsa)),
                System.Console.Out, System.Console.Error, interrupt.Token);
        });
        return command;
    }
}
