using System.Text.Json;
using Crossfold.Core.Randomness;
using Crossfold.Core.Results;
using Crossfold.Protocol.Serialization;
using Crossfold.Reports;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;
using SkiaSharp;

namespace Crossfold.Tests.Cli;

/// <summary>
/// A colour dataset of twelve classes run unchanged, as a user runs it: generated NPY files channels last with
/// <c>layout: nhwc</c>, `crossfold run` with refit, and `crossfold predict` on the NPY test file and on a colour PNG.
/// </summary>
public sealed class ColourRunTests : IDisposable
{
    const int Classes = 12, Channels = 3, Side = 12, PerClass = 25, TestPerClass = 5;
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-colour-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    NodeProcess Crossfold(params string[] arguments) => NodeProcess.Start("crossfold", RepoPaths.CoordinatorDll, arguments, _dir);

    /// <summary>Images (N, H, W, C) as uint8 whose class lights one row in one channel over a dim random background, and their labels.</summary>
    static (byte[] Pixels, byte[] Labels) Generate(int perClass, ulong seed)
    {
        int n = perClass * Classes;
        var labels = Enumerable.Range(0, n).Select(i => (byte)(i % Classes)).ToArray();
        var pixels = new byte[n * Side * Side * Channels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)CounterRandom.Below(80, seed, (ulong)i);
        for (int i = 0; i < n; i++)
            for (int x = 0; x < Side; x++)
                pixels[((i * Side + labels[i] % Side) * Side + x) * Channels + labels[i] % Channels] = 255;
        return (pixels, labels);
    }

    string WriteSplit(string prefix, int perClass, ulong seed)
    {
        var (pixels, labels) = Generate(perClass, seed);
        File.WriteAllBytes(Path.Combine(_dir, $"{prefix}-labels.npy"), TestData.Npy("|u1", [labels.Length], labels));
        string images = Path.Combine(_dir, $"{prefix}-images.npy");
        File.WriteAllBytes(images, TestData.Npy("|u1", [labels.Length, Side, Side, Channels], pixels));
        return images;
    }

    [Fact]
    public void A_colour_dataset_of_twelve_classes_runs_refits_and_predicts()
    {
        WriteSplit("train", PerClass, 1);
        string testImages = WriteSplit("test", TestPerClass, 2);
        string sweep = Path.Combine(_dir, "colour.yaml");
        File.WriteAllText(sweep, """
            name: colour
            seed: 5
            dataset: {images: train-images.npy, labels: train-labels.npy, test_images: test-images.npy, test_labels: test-labels.npy, layout: nhwc}
            noise: {kind: gaussian, sigma: 0.1}
            folds: 2
            architectures:
              - seed-mlp-1
              - {name: colour-cnn, family: cnn, conv: [8], dense: [32]}
            training: {epochs: 1, batch_size: 25, augment: {shift: 1}}
            refit: true
            """);
        string output = Path.Combine(_dir, "out");
        using (var run = Crossfold("run", sweep, "--out", output, "--plain", "--local-workers", "2"))
        {
            Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), run.Output);
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains($"{PerClass * Classes} images {Side}x{Side}x{Channels}, {Classes} classes", run.Output);
        }

        var report = JsonReportWriter.Read(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal((Channels, Classes, Side, Side), (report.Dataset.Channels, report.Dataset.Classes, report.Dataset.Height, report.Dataset.Width));
        Assert.All(report.Trials, t => Assert.Equal(2, t.Folds.Count));
        Assert.All(report.Trials.SelectMany(t => t.Folds), f => Assert.Equal(Classes * Classes, f.Confusion.Length));
        var model = ModelFileFormat.Read(Path.Combine(output, ModelFile.FileName));
        Assert.Equal((Channels, Classes, ModelFile.CurrentFormat), (model.Channels, model.Classes, model.FormatVersion));

        // The first test image as a colour PNG: predict reads it as red, green and blue, and agrees with the NPY file.
        var (pixels, _) = Generate(TestPerClass, 2);
        string png = WritePng(Path.Combine(_dir, "first.png"), pixels.AsSpan(0, Side * Side * Channels));
        string modelPath = Path.Combine(output, ModelFile.FileName);
        using var fromNpy = Crossfold("predict", "--model", modelPath, "--format", "json", "--layout", "nhwc", testImages);
        using var fromPng = Crossfold("predict", "--model", modelPath, "--format", "json", png);
        using var unsaid = Crossfold("predict", "--model", modelPath, testImages);
        Assert.True(fromNpy.WaitForExit(TimeSpan.FromMinutes(1)) && fromPng.WaitForExit(TimeSpan.FromMinutes(1)) && unsaid.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.True(fromNpy.ExitCode == 0, fromNpy.Output);
        Assert.True(fromPng.ExitCode == 0, fromPng.Output);
        var all = JsonDocument.Parse(fromNpy.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(TestPerClass * Classes, all.Count);
        Assert.All(all, p => Assert.Equal(Classes, p.GetProperty("probabilities").GetArrayLength()));
        Assert.Equal(all[0].GetProperty("label").GetInt32(), JsonDocument.Parse(fromPng.Output).RootElement[0].GetProperty("label").GetInt32());
        Assert.NotEqual(0, unsaid.ExitCode);
        Assert.Contains($"{testImages}: images of shape ({TestPerClass * Classes}, {Side}, {Side}, {Channels}) have a channel axis", unsaid.Output);
        Assert.Contains("--layout", unsaid.Output);
    }

    static string WritePng(string path, ReadOnlySpan<byte> rgb)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                int at = (y * Side + x) * Channels;
                bitmap.SetPixel(x, y, new SKColor(rgb[at], rgb[at + 1], rgb[at + 2]));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
