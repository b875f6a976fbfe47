using System.Globalization;
using System.Text.Json;
using Crossfold.Bench;

// crossfold-bench COMMAND [--option value ...]: each command measures one thing in this process and
// prints one JSON object (also written to --out when given). bench/run.sh runs them one process each.
var (command, options) = Arguments.Parse(args);
try
{
    Dictionary<string, object?> result = command switch
    {
        "throughput" => Throughput.Run(options.Text("model", "seed-cnn-5"), options.Int("threads", 1), options.Int("images", 9000),
            options.Int("epochs", 3), options.Int("warmup", 1), options.Int("batch", 100), options.Precision(), options.Text("augment", "none")),
        "matmul" => MatmulPeak.Run(options.Int("threads", 1), options.Int("size", 4096), options.Int("repetitions", 5), options.Text("dtype", "float32"),
            options.Text("via", "mm")),
        "fma" => FmaPeak.Run(options.Int("threads", 1), options.Int("seconds", 3)),
        "fold" => FoldMemory.Run(options.Text("mnist", "../shared/datasets/mnist"), options.Text("model", "seed-cnn-5"), options.Int("threads", 1), options.Int("epochs", 1), options.Precision(),
            options.Int("fold", 1) - 1),
        "profile" => Profile.Run(new Profile.Options(options.Text("model", "seed-cnn-5"), options.Int("threads", 1), options.Int("images", 3000),
            options.Int("batch", 100), options.Int("epochs", 2), options.Flag("autocast-bf16"), options.Flag("flush-denormal"),
            options.Has("float32-precision") ? options.Int("float32-precision", 0) : null, options.Flag("nchw"), options.Flag("default-malloc"))),
        "layers" => Layers.Run(options.Text("model", "seed-cnn-5"), options.Int("threads", 1), options.Int("batch", 100),
            options.Int("repetitions", 10), options.Flag("autocast-bf16"), options.Flag("nchw")),
        "export" => Export(options.Int("images", 9000), options.Text("dir", "bench/out/data")),
        "report" => Report.Write(options.Text("dir", "bench/out")),
        "coordinator" => CoordinatorOverhead.Run(options.Int("nodes", 4), options.Int("slots", 16), options.Int("jobs", 10_000), options.Int("job-ms", 1000)),
        _ => throw new ArgumentException($"unknown command '{command}': expected throughput, matmul, fma, fold, profile, layers, export, report or coordinator"),
    };
    string json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
    Console.WriteLine(json);
    if (options.Has("out")) File.WriteAllText(options.Text("out", ""), json + "\n");
    return 0;
}
catch (Exception e) when (e is ArgumentException or Crossfold.Core.InputException or IOException)
{
    Console.Error.WriteLine($"crossfold-bench {command}: {e.Message}");
    return 2;
}

static Dictionary<string, object?> Export(int images, string directory)
{
    BenchData.Export(images, directory);
    return new() { ["exported_images"] = images, ["dir"] = directory, ["sigma"] = BenchData.Sigma, ["noise_seed"] = BenchData.NoiseSeed };
}

/// <summary>"--name value" pairs and bare "--flag"s after the command.</summary>
sealed class Arguments(Dictionary<string, string?> values)
{
    public static (string Command, Arguments Options) Parse(string[] args)
    {
        if (args.Length == 0) throw new ArgumentException("usage: crossfold-bench throughput|matmul|fma|fold|profile|layers|export|report|coordinator [--option value ...]");
        var values = new Dictionary<string, string?>();
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            string name = args[i][2..];
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[name] = hasValue ? args[++i] : null;
        }
        return (args[0], new Arguments(values));
    }

    public bool Has(string name) => values.ContainsKey(name);
    public bool Flag(string name) => values.ContainsKey(name);
    public string Text(string name, string fallback) => values.TryGetValue(name, out var v) && v is not null ? v : fallback;
    public Crossfold.Core.Training.TrainingPrecision Precision() => Text("precision", "float32") switch
    {
        "float32" => Crossfold.Core.Training.TrainingPrecision.Float32,
        "bfloat16" => Crossfold.Core.Training.TrainingPrecision.BFloat16,
        var other => throw new ArgumentException($"--precision {other}: expected float32 or bfloat16"),
    };

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) && v is not null
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : throw new ArgumentException($"--{name} expects a whole number, got '{v}'")
            : fallback;
}
