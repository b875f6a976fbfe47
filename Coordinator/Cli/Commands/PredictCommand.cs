using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crossfold.Cli.Predict;
using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Protocol.CommandLine;
using Crossfold.Protocol.Serialization;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;

namespace Crossfold.Cli;

/// <summary>`crossfold predict --model FILE IMAGES…`: classify IDX, NPY or PNG images with a sweep's final model.</summary>
public static class PredictCommand
{
    /// <summary>One classified image: where it came from, the predicted label and every class's probability.</summary>
    public sealed record Prediction(string Source, int Index, int Label, float Probability, float[] Probabilities);

    public static Command Build()
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file (model.crossfold, written by a sweep with refit: true)", Required = true };
        var images = new Argument<string[]>("images") { Description = "IDX or NPY image files, PNG images, or directories of PNG images", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => "text" }.OneOf("text", "json");
        var invert = new Option<bool>("--invert") { Description = "Invert PNG images first (for dark digits on a light background; MNIST is light on dark)" };
        var device = new Option<string>("--device", "-d") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "cpu" };
        var layout = new Option<string>("--layout") { Description = "Where 4-D IDX or NPY images keep their channels: nhwc (N, H, W, C) or nchw (N, C, H, W)" }
            .OneOf("nhwc", "nchw");
        var command = new Command("predict", "Classify images with a trained model; prints each image's label and probabilities.")
        {
            model, images, format, invert, device, layout,
        };
        command.SetAction(result =>
        {
            try
            {
                string kind = result.GetValue(format)!;
                var on = Device(result, device);
                var file = ModelFileFormat.Read(result.GetValue(model)!);
                using var predictor = new ModelPredictor(file, on);
                var predictions = new List<Prediction>();
                ImageLayout? stored = result.GetValue(layout) switch { "nhwc" => ImageLayout.Nhwc, "nchw" => ImageLayout.Nchw, _ => null };
                foreach (var (source, array) in Inputs(result.GetValue(images)!, file, result.GetValue(invert), stored))
                {
                    var probabilities = predictor.Predict(array, source);
                    for (int i = 0; i < array.Count; i++)
                    {
                        var p = probabilities.AsSpan(i * file.Classes, file.Classes).ToArray();
                        int label = Array.IndexOf(p, p.Max());
                        predictions.Add(new Prediction(source, i, label, p[label], p));
                    }
                }
                if (kind == "json") System.Console.WriteLine(JsonSerializer.Serialize(predictions, Crossfold.Coordinator.Api.ApiJson.Options));
                else Print(predictions, file);
                return ExitCodes.Ok;
            }
            catch (InputException e)
            {
                System.Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>The device asked for; a name that is no device here is an error naming the option as typed (-d or --device).</summary>
    static TorchSharp.torch.Device Device(ParseResult result, Option<string> option)
    {
        try { return Devices.Resolve(result.GetValue(option)!); }
        catch (InputException e) { throw new InputException($"{(result.GetResult(option) is { } typed ? OptionValues.Typed(typed) : option.Name)} {e.Message}"); }
    }

    /// <summary>Every input as images: IDX and NPY files as they are (4-D ones as <paramref name="layout"/> says), PNGs one by one (resized to the model's size, with its channels).</summary>
    static IEnumerable<(string Source, ImageArray Images)> Inputs(string[] paths, ModelFile model, bool invert, ImageLayout? layout)
    {
        foreach (var path in paths)
        {
            var files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
                : File.Exists(path) ? new List<string> { path } : throw new InputException($"{path}: no such file or directory");
            if (files.Count == 0) throw new InputException($"{path}: the directory holds no .png images");
            foreach (var f in files)
            {
                bool png = File.ReadAllBytes(f).AsSpan().StartsWith(PngReader.Magic);
                var array = png ? PngReader.Read(f, model.Channels, model.Height, model.Width) : DatasetFiles.ReadImages(f, layout);
                if (png && invert)
                    for (int i = 0; i < array.Pixels.Length; i++) array.Pixels[i] = 1 - array.Pixels[i];
                else if (png && ImageBackground.IsLight(array, 0))
                    System.Console.Error.WriteLine($"note: {f} looks like a dark digit on a light background; the model expects light digits on dark " +
                        "(as MNIST), so its label is likely wrong: pass --invert");
                yield return (f, array);
            }
        }
    }

    static void Print(IReadOnlyList<Prediction> predictions, ModelFile model)
    {
        System.Console.WriteLine($"model: {model.TrialLabel} from sweep {model.SweepId} (test accuracy {model.Test.Accuracy * 100:0.00} %)");
        foreach (var p in predictions)
        {
            var top = p.Probabilities.Select((q, label) => (q, label)).OrderByDescending(x => x.q).Take(3)
                .Select(x => $"{x.label}: {x.q.ToString("0.000", CultureInfo.InvariantCulture)}");
            string where = predictions.Count(x => x.Source == p.Source) > 1 ? $"{p.Source}[{p.Index}]" : p.Source;
            System.Console.WriteLine($"{where}\t{p.Label}\t{p.Probability.ToString("0.000", CultureInfo.InvariantCulture)}\t({string.Join(", ", top)})");
        }
    }
}
