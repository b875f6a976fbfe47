using System.IO.Compression;
using System.Text.Json;
using Crossfold.Core.Architectures;
using Crossfold.Core.Results;
using Crossfold.Protocol.Serialization;
using Crossfold.Reports;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;

namespace Crossfold.Tests.Cli;

/// <summary>
/// refit: true, as a user does it: `crossfold run` trains the best trial on all training images, tests
/// it on the held-out split and writes model.crossfold; `crossfold predict` then classifies IDX and PNG
/// images with it, the same image giving the same answer in either form.
/// </summary>
public sealed class RefitAndPredictTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-refit-").FullName;
    static readonly string Mnist = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "datasets", "mnist"));

    public void Dispose() => Directory.Delete(_dir, true);

    NodeProcess Crossfold(params string[] arguments) => NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, arguments, _dir);

    [Fact]
    public void Run_writes_a_final_model_that_predict_uses_on_idx_and_png_images()
    {
        Assert.True(Directory.Exists(Mnist), $"the development MNIST copy is expected at {Mnist}");
        string sweep = Path.Combine(_dir, "refit.yaml");
        File.WriteAllText(sweep, $$"""
            name: refit-test
            dataset: {source: {{Mnist}}, limit: 2000}
            noise: {kind: gaussian, sigma: 0.3}
            folds: 3
            architectures: [seed-mlp-2, seed-cnn-2]
            training: {epochs: 3}
            refit: true
            """);
        string output = Path.Combine(_dir, "out");
        using (var run = Crossfold("run", sweep, "--out", output, "--plain"))
        {
            Assert.True(run.WaitForExit(TimeSpan.FromMinutes(5)), run.Output);
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("Final model:", run.Output);
        }
        var report = JsonReportWriter.Read(File.ReadAllText(Path.Combine(output, "report.json")));
        var refit = report.Refit!;
        Assert.Equal(report.BestTrial, refit.Trial);
        Assert.Equal((2000, 10_000), (refit.TrainImages, refit.TestImages));
        Assert.InRange(refit.TestAccuracy!.Value, 0.6, 1.0);
        var model = ModelFileFormat.Read(Path.Combine(output, ModelFile.FileName));
        Assert.Equal(refit.TestAccuracy.Value, model.Test.Accuracy);

        // Three test digits as PNG files (white on black, as MNIST) and the same digits in the IDX file.
        byte[] idx;
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(Mnist, "t10k-images-idx3-ubyte.gz")), CompressionMode.Decompress))
        using (var memory = new MemoryStream())
        {
            gz.CopyTo(memory);
            idx = memory.ToArray();
        }
        var pngs = Enumerable.Range(0, 3).Select(i => WritePng(Path.Combine(_dir, $"digit-{i}.png"), idx.AsSpan(16 + i * 784, 784))).ToArray();

        using var fromPng = Crossfold("predict", "--model", Path.Combine(output, ModelFile.FileName), "--format", "json", pngs[0], pngs[1], pngs[2]);
        using var fromIdx = Crossfold("predict", "--model", Path.Combine(output, ModelFile.FileName), "--format", "json",
            Path.Combine(Mnist, "t10k-images-idx3-ubyte.gz"));
        Assert.True(fromPng.WaitForExit(TimeSpan.FromMinutes(1)) && fromIdx.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.True(fromPng.ExitCode == 0, fromPng.Output);
        Assert.True(fromIdx.ExitCode == 0, fromIdx.Output);
        var png = JsonDocument.Parse(fromPng.Output).RootElement.EnumerateArray().ToList();
        var all = JsonDocument.Parse(fromIdx.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(10_000, all.Count);
        for (int i = 0; i < 3; i++)
            Assert.Equal(all[i].GetProperty("label").GetInt32(), png[i].GetProperty("label").GetInt32());
        // What predict says about the test split agrees with the refit's own test accuracy.
        var labels = ReadLabels(Path.Combine(Mnist, "t10k-labels-idx1-ubyte.gz"));
        double agreement = all.Select((p, i) => p.GetProperty("label").GetInt32() == labels[i] ? 1.0 : 0.0).Average();
        Assert.InRange(agreement, 0.5, 1.0);

        using var wrong = Crossfold("predict", "--model", sweep, pngs[0]);
        Assert.True(wrong.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("not a Crossfold model file", wrong.Output);

        // The first digit dark on white, as drawn on paper: without --invert predict says so; with it, it reads the digit.
        string light = WritePng(Path.Combine(_dir, "light.png"), idx.AsSpan(16, 784).ToArray().Select(b => (byte)(255 - b)).ToArray());
        using var hinted = Crossfold("predict", "--model", Path.Combine(output, ModelFile.FileName), light);
        using var inverted = Crossfold("predict", "--model", Path.Combine(output, ModelFile.FileName), "--invert", "--format", "json", light);
        Assert.True(hinted.WaitForExit(TimeSpan.FromMinutes(1)) && inverted.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.True(hinted.ExitCode == 0 && inverted.ExitCode == 0, hinted.Output + inverted.Output);
        Assert.Contains("light.png looks like a dark digit on a light background", hinted.Output);
        Assert.Contains("pass --invert", hinted.Output);
        Assert.DoesNotContain("light background", inverted.Output);
        Assert.Equal(all[0].GetProperty("label").GetInt32(), JsonDocument.Parse(inverted.Output).RootElement[0].GetProperty("label").GetInt32());
    }

    static byte[] ReadLabels(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        return memory.ToArray()[8..];
    }

    /// <summary>A 28x28 8-bit greyscale PNG, written by hand (zlib-compressed scanlines), so the test needs no imaging library.</summary>
    static string WritePng(string path, ReadOnlySpan<byte> pixels)
    {
        using var raw = new MemoryStream();
        for (int row = 0; row < 28; row++)
        {
            raw.WriteByte(0);
            raw.Write(pixels.Slice(row * 28, 28));
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);
        using var png = File.Create(path);
        png.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        Chunk(png, "IHDR", new byte[] { 0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0, 0 });
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", Array.Empty<byte>());
        return path;
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected 0xEDB88320).</summary>
    static uint Crc32(IEnumerable<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        png.Write(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(data.Length)));
        png.Write(typeBytes);
        png.Write(data);
        uint crc = Crc32(typeBytes.Concat(data));
        png.Write(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(crc)));
    }
}
