using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Crossfold.Core.Architectures;
using Crossfold.Protocol.Serialization;
using Crossfold.Torch.Models;

namespace Crossfold.Bench;

/// <summary>
/// Gathers the JSON results of one bench/run.sh into results.json and results.md (the table of
/// BENCHMARKS.md): throughput, achieved GFLOP/s against the FP32 peaks measured at the same thread count,
/// peak memory, PyTorch side by side, two single-thread slots side by side, and the full-MNIST fold's memory.
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
        double? Peak(string name) => Read(name) is { } o ? Number(o, "median_gflops") : null;
        var noisy = new List<string>();
        void Check(string what, JsonObject? result, double allowed = NoisyCores)
        {
            if (result is not null && Number(result, "others_cores") > allowed)
                noisy.Add($"{what} ({Number(result, "others_cores"):F2} cores busy with other work)");
        }

        var md = new StringBuilder();
        md.AppendLine($"Machine: {Machine()}; {Environment.ProcessorCount} cores. Crossfold: TorchSharp 0.107.0, libtorch 2.10.0 (CPU).");
        var pytorchAny = Directory.GetFiles(directory, "pytorch-*.json").Select(f => Read(Path.GetFileNameWithoutExtension(f))).FirstOrDefault();
        if (pytorchAny is not null) md.AppendLine($"PyTorch: Debian python3-torch {pytorchAny["torch_version"]}, BLAS {pytorchAny["blas"]}.");
        md.AppendLine();
        md.AppendLine("| model | precision | threads | Crossfold img/s | GFLOP/s | % of FMA peak | % of torch.mm peak | peak RSS | PyTorch img/s | Crossfold / PyTorch |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var rows = new List<Dictionary<string, object?>>();
        foreach (var (model, precision) in new[] { ("seed-cnn-5", "float32"), ("seed-cnn-5", "bfloat16"), ("seed-mlp-4", "float32") })
            foreach (int threads in new[] { 1, 2 })
            {
                string name = $"{model}-{precision}-t{threads}";
                var ours = Read($"crossfold-{name}");
                var theirs = Read($"pytorch-{name}");
                if (ours is null) continue;
                Check($"Crossfold {name}", ours);
                Check($"PyTorch {name}", theirs);
                rows.Add(Row(model, precision, threads.ToString(CultureInfo.InvariantCulture), Number(ours, "median_images_per_second"),
                    Number(ours, "peak_rss_bytes"), Peak($"fma-t{threads}"), Peak($"matmul-float32-t{threads}"),
                    theirs is null ? null : Number(theirs, "median_images_per_second"), md));
            }
        var pair = new[] { Read("pair-seed-cnn-5-float32-a"), Read("pair-seed-cnn-5-float32-b") };
        if (pair.All(p => p is not null))
        {
            foreach (var p in pair) Check("pair", p, 1 + NoisyCores); // each sees the other as one busy core
            rows.Add(Row("seed-cnn-5", "float32", "1 + 1 (two processes)", pair.Sum(p => Number(p!, "median_images_per_second")),
                pair.Max(p => Number(p!, "peak_rss_bytes")), Peak("fma-t2"), Peak("matmul-float32-t2"), null, md));
        }
        md.AppendLine();
        foreach (int threads in new[] { 1, 2 })
        {
            string s = threads > 1 ? "s" : "";
            if (Read($"fma-t{threads}") is { } fma)
            {
                Check($"fma x{threads}", fma);
                md.AppendLine($"- FP32 FMA peak, {threads} thread{s}: {Number(fma, "median_gflops"):F1} GFLOP/s ({fma["isa"]} fused multiply-adds in registers)");
            }
            if (Read($"matmul-float32-t{threads}") is { } mm)
            {
                Check($"matmul float32 x{threads}", mm);
                string bf16 = Read($"matmul-bfloat16-t{threads}") is { } b ? $"; in bfloat16 {Number(b, "median_gflops"):F1} GFLOP/s" : "";
                md.AppendLine($"- torch.mm {mm["size"]}x{mm["size"]} FP32, {threads} thread{s}: {Number(mm, "median_gflops"):F1} GFLOP/s (median of {mm["gflops"]!.AsArray().Count}){bf16}");
            }
        }
        var fold = Read("fold-seed-cnn-5");
        if (fold is not null)
        {
            Check("fold", fold);
            double rss = Number(fold, "peak_rss_bytes");
            md.AppendLine($"- One seed-cnn-5 fold on full MNIST ({Number(fold, "train_images"):N0} training, {Number(fold, "test_images"):N0} test images, " +
                          $"{Number(fold, "epochs"):N0} epoch, 1 thread, float32): peak RSS {Mib(rss)}, {(rss < FoldLimitBytes ? "under" : "OVER")} the 2 GiB limit; " +
                          $"{Number(fold, "seconds"):F0} s, test-fold accuracy {Number(fold, "test_accuracy"):P2}");
        }
        md.AppendLine("- Training FLOPs per image = 3 x forward FLOPs of ShapeInference (multiply-add = 2): " +
                      string.Join(", ", new[] { "seed-cnn-5", "seed-mlp-4" }.Select(m => $"{m} {Throughput.TrainingFlopsPerImage(Presets.Get(m)) / 1e6:F1} MFLOP")) +
                      "; bfloat16 rows count the same FLOPs against the same FP32 peaks");
        if (noisy.Count > 0) md.AppendLine($"- WARNING, measured on a busy machine: {string.Join("; ", noisy)}");

        File.WriteAllText(Path.Combine(directory, "results.md"), md.ToString());
        var summary = new Dictionary<string, object?> { ["machine"] = Machine(), ["rows"] = rows, ["noisy"] = noisy };
        File.WriteAllText(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.Error.Write(md.ToString());
        return summary;
    }

    static Dictionary<string, object?> Row(string model, string precision, string threads, double rate, double rss,
        double? fmaPeak, double? mmPeak, double? pytorch, StringBuilder md)
    {
        double gflops = rate * Throughput.TrainingFlopsPerImage(Presets.Get(model)) / 1e9;
        md.AppendLine($"| {model} | {precision} | {threads} | {rate:N0} | {gflops:F1} | {Percent(gflops / fmaPeak)} | {Percent(gflops / mmPeak)} | {Mib(rss)} | " +
                      $"{(pytorch is double p ? p.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {Ratio(rate / pytorch)} |");
        return new()
        {
            ["model"] = model, ["precision"] = precision, ["threads"] = threads, ["images_per_second"] = rate, ["gflops"] = gflops,
            ["fraction_of_fma_peak"] = gflops / fmaPeak, ["fraction_of_mm_peak"] = gflops / mmPeak, ["peak_rss_bytes"] = rss,
            ["pytorch_images_per_second"] = pytorch, ["ratio_to_pytorch"] = rate / pytorch,
        };
    }

    static double Number(JsonObject o, string name) => o[name]?.GetValue<double>() ?? double.NaN;
    static string Percent(double? f) => f is double v && double.IsFinite(v) ? $"{100 * v:F0} %" : "–";
    static string Ratio(double? f) => f is double v && double.IsFinite(v) ? $"{v:F2}x" : "–";
    static string Mib(double bytes) => double.IsFinite(bytes) ? $"{bytes / (1 << 20):N0} MiB" : "–";

    /// <summary>The CPU's model name and the vector flags that matter here.</summary>
    static string Machine()
    {
        var lines = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var flags = Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wanted = flags.Where(f => f is "avx2" or "fma" or "avx512f" or "avx512_bf16" or "amx_bf16" or "amx_tile" or "avx512_vnni").ToArray();
        return $"{Field("model name")} (family {Field("cpu family")}, model {Field("model\t")}), flags {string.Join(" ", wanted)}";
    }
}
