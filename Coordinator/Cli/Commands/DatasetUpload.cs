using Crossfold.Cli.Client;
using Crossfold.Core;
using Crossfold.Core.Data;
using Crossfold.Core.Sweeps;

namespace Crossfold.Cli;

/// <summary>
/// What `crossfold submit` does with a sweep's dataset before sending it: the files it names are read on this
/// machine (relative paths against the sweep file's directory), hashed, uploaded when the coordinator lacks
/// them, and the sweep is sent naming them by SHA-256 (sha256:…). The embedded dataset, and a sweep that
/// names stored files already, are sent as written.
/// </summary>
public static class DatasetUpload
{
    /// <summary>The sweep text to send for the sweep file at <paramref name="path"/>, with its dataset files uploaded.</summary>
    /// <param name="log">Told of each file: uploaded, or stored already.</param>
    public static async Task<string> PrepareSweep(string path, CoordinatorClient api, TextWriter log)
    {
        string text = await File.ReadAllTextAsync(path);
        var file = SweepFileParser.Parse(text, path);
        var spec = file.Definition.Dataset;
        if (spec.Source == DatasetSpec.EmbeddedMnistT10k || Named(spec).Any(StoredFile.LooksLikeReference)) return text;
        DatasetLocation location;
        try
        {
            location = DatasetLoader.Locate(spec, DatasetAccess.Anywhere);
        }
        catch (InputException e)
        {
            string field = e.Field is "dataset.source" && !file.Lines.ContainsKey("dataset.source") ? "dataset" : e.Field ?? "dataset";
            throw new SweepFileException(file.Path, [file.ErrorAt(field, e.Message)], e);
        }
        async Task<string?> Send(DatasetFile? f) => f is null ? null : StoredFile.Reference((await Push(api, f.RealPath, log)).Sha256);
        var stored = new DatasetSpec(null, await Send(location.TrainImages), await Send(location.TrainLabels),
            await Send(location.TestImages), await Send(location.TestLabels), spec.Limit, spec.Fingerprint, spec.Classes, spec.Layout);
        return SweepDatasetRewrite.Replace(text, stored);
    }

    /// <summary>Uploads the file at <paramref name="path"/> unless the coordinator has its bytes already.</summary>
    public static async Task<PushedDataset> Push(CoordinatorClient api, string path, TextWriter log)
    {
        string digest = StoredFile.DigestOfFile(path);
        string name = Path.GetFileName(path);
        long bytes = new FileInfo(path).Length;
        if (await api.HasDataset(digest))
        {
            log.WriteLine($"{StoredFile.Reference(digest)}  {name}: stored on the coordinator already");
            return new PushedDataset(digest, bytes, name, Uploaded: false);
        }
        await api.UploadDataset(digest, path, name);
        log.WriteLine($"{StoredFile.Reference(digest)}  {name}: uploaded ({bytes:N0} bytes)");
        return new PushedDataset(digest, bytes, name, Uploaded: true);
    }

    static IEnumerable<string> Named(DatasetSpec spec) =>
        new[] { spec.Images, spec.Labels, spec.TestImages, spec.TestLabels }.OfType<string>();
}

/// <summary>One file <see cref="DatasetUpload.Push"/> handled: its digest, size, name, and whether it was sent.</summary>
public sealed record PushedDataset(string Sha256, long Bytes, string Name, bool Uploaded);
