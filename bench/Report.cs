using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crossfold.Bench;

/// <summary>
/// Gathers the JSON results of one bench/run.sh into results.json and results.md (the table of
/// BENCHMARKS.md): throughput, achieved GFLOP/s as a share of the measured matmul peak at the same
/// thread count, peak memory, PyTorch side by side, and the full-MNIST fold's memory.
/// </summary>
static class Report
{
    const double NoisyCores = 0.25; // others kept a quarter core busy on average: the number is suspect
    const long FoldLimitBytes = 2L << 30;

    public static Dictionary<string, object?> Write(string directory)
    {
        JsonObject? Read(string name)
        {
            string path = Path.Combine(directory, name + ".json");
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : null;
        }
        string[] models = ["seed-cnn-5", "seed-mlp-4"];
        int[] threadCounts = [1, 2];
        var peaks = threadCounts.ToDictionary(t => t, t => Read($"matmul-float32-t{t}"));
        var peaksBf16 = threadCounts.ToDictionary(t => t, t => Read($"matmul-bfloat16-t{t}"));

        var md = new StringBuilder();
        md.AppendLine($"Machine: {Machine()}; {Environment.ProcessorCount} cores; Crossfold on TorchSharp 0.107.0 / libtorch 2.10.0 (CPU).");
        var pytorchAny = models.SelectMany(m => threadCounts.Select(t => Read($"pytorch-{m}-t{t}"))).FirstOrDefault(r => r is not null);
        if (pytorchAny is not null) md.AppendLine($"PyTorch: Debian python3-torch {pytorchAny["torch_version"]}, BLAS {pytorchAny["blas"]}.");
        md.AppendLine();
        md.AppendLine("| model | threads | Crossfold img/s | GFLOP/s | % of FP32 peak | peak RSS | PyTorch img/s | Crossfold / PyTorch | PyTorch peak RSS |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var rows = new List<Dictionary<string, object?>>();
        var noisy = new List<string>();
        foreach (string model in models)
            foreach (int threads in threadCounts)
            {
                var ours = Read($"crossfold-{model}-t{threads}");
                var theirs = Read($"pytorch-{model}-t{threads}");
                if (ours is null) continue;
                double rate = Number(ours, "median_images_per_second");
                double gflops = Number(ours, "gflops");
                double? peak = peaks[threads] is { } p ? Number(p, "median_gflops") : null;
                double? theirRate = theirs is null ? null : Number(theirs, "median_images_per_second");
                rows.Add(new()
                {
                    ["model"] = model, ["threads"] = threads, ["images_per_second"] = rate, ["gflops"] = gflops,
                    ["fraction_of_fp32_peak"] = gflops / peak, ["peak_rss_bytes"] = Number(ours, "peak_rss_bytes"),
                    ["pytorch_images_per_second"] = theirRate, ["ratio_to_pytorch"] = rate / theirRate,
                    ["pytorch_peak_rss_bytes"] = theirs is null ? null : Number(theirs, "peak_rss_bytes"),
                });
                md.AppendLine($"| {model} | {threads} | {rate:N0} | {gflops:F1} | {Percent(gflops / peak)} | {Mib(Number(ours, "peak_rss_bytes"))} | " +
                              $"{(theirRate is double r ? r.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {Ratio(rate / theirRate)} | " +
                              $"{(theirs is null ? "–" : Mib(Number(theirs, "peak_rss_bytes")))} |");
                foreach (var (engine, result) in new[] { ("Crossfold", ours), ("PyTorch", theirs) })
                    if (result is not null && Number(result, "others_cores") > NoisyCores)
                        noisy.Add($"{engine} {model} x{threads} ({Number(result, "others_cores"):F2} cores busy with other work)");
            }
        md.AppendLine();
        foreach (int threads in threadCounts)
        {
            if (peaks[threads] is not { } p) continue;
            string bf16 = peaksBf16[threads] is { } b ? $"; bfloat16 {Number(b, "median_gflops"):F1} GFLOP/s" : "";
            md.AppendLine($"- FP32 matrix peak, {threads} thread{(threads > 1 ? "s" : "")}: {Number(p, "median_gflops"):F1} GFLOP/s " +
                          $"(median of {p["gflops"]!.AsArray().Count} torch.mm {p["size"]}x{p["size"]}){bf16}");
            if (Number(p, "others_cores") > NoisyCores) noisy.Add($"matmul x{threads}");
        }
        var fold = Read("fold-seed-cnn-5");
        if (fold is not null)
        {
            double rss = Number(fold, "peak_rss_bytes");
            md.AppendLine($"- One seed-cnn-5 fold on full MNIST ({Number(fold, "train_images"):N0} training, {Number(fold, "validation_images"):N0} validation images, " +
                          $"{Number(fold, "epochs"):N0} epoch, {Number(fold, "threads"):N0} thread): peak RSS {Mib(rss)} " +
                          $"({(rss < FoldLimitBytes ? "under" : "OVER")} the 2 GiB limit), {Number(fold, "seconds"):F0} s, validation accuracy {Number(fold, "validation_accuracy"):P2}");
            if (Number(fold, "others_cores") > NoisyCores) noisy.Add("fold");
        }
        md.AppendLine("- Training FLOPs per image = 3 x forward FLOPs of ShapeInference (multiply-add = 2): " +
                      string.Join(", ", models.Select(m => $"{m} {Throughput.TrainingFlopsPerImage(Crossfold.Shared.Models.Presets.Get(m)) / 1e6:F1} MFLOP")));
        if (noisy.Count > 0) md.AppendLine($"- WARNING, measured on a busy machine: {string.Join("; ", noisy)}");

        File.WriteAllText(Path.Combine(directory, "results.md"), md.ToString());
        var summary = new Dictionary<string, object?> { ["rows"] = rows, ["noisy"] = noisy, ["machine"] = Machine() };
        File.WriteAllText(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.Error.Write(md.ToString());
        return summary;
    }

    static double Number(JsonObject o, string name) => o[name]?.GetValue<double>() ?? double.NaN;
    static string Percent(double? f) => f is double v && double.IsFinite(v) ? $"{100 * v:F0} %" : "–";
    static string Ratio(double? f) => f is double v && double.IsFinite(v) ? $"{v:F2}x" : "–";
    static string Mib(double bytes) => double.IsFinite(bytes) ? $"{bytes / (1 << 20):N0} MiB" : "–";

    /// <summary>The CPU's model name and the vector flags that matter here.</summary>
    static string Machine()
    {
        var lines = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string family = lines.FirstOrDefault(l => l.StartsWith("cpu family", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var flags = (lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wanted = flags.Where(f => f is "avx2" or "fma" or "avx512f" or "avx512_bf16" or "amx_bf16" or "amx_tile" or "avx512_vnni").ToArray();
        return $"{model} (family {family}), flags {string.Join(" ", wanted)}";
    }
}
