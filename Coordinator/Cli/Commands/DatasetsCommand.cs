using System.CommandLine;
using Crossfold.Core;
using Crossfold.Core.Data;

namespace Crossfold.Cli;

/// <summary>`crossfold datasets push|list|rm`: the dataset files a coordinator stores, by SHA-256.</summary>
public static class DatasetsCommand
{
    public static Command Build()
    {
        var command = new Command("datasets", "Manage the dataset files the coordinator stores (by SHA-256) and workers download.");
        command.Subcommands.Add(Push());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    static Command Push()
    {
        var client = new ClientOptions();
        var paths = new Argument<string[]>("paths") { Description = "Dataset files, or directories whose files are all pushed", Arity = ArgumentArity.OneOrMore };
        var command = new Command("push", "Upload dataset files the coordinator does not have yet; prints each as sha256:DIGEST, the name a sweep may use.") { paths };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            var files = result.GetValue(paths)!.SelectMany(Expand).ToList();
            using var api = client.Connect(result);
            foreach (string file in files) await DatasetUpload.Push(api, file, System.Console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    static Command List()
    {
        var client = new ClientOptions();
        var command = new Command("list", "List the stored dataset files, newest first: SHA-256, size, the name each was uploaded as, when.");
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            using var api = client.Connect(result);
            var stored = await api.Datasets();
            if (stored.Length == 0) System.Console.WriteLine("no dataset files stored");
            foreach (var d in stored)
                System.Console.WriteLine($"{StoredFile.Reference(d.Sha256)}  {d.Bytes,15:N0} bytes  {d.Added.UtcDateTime:yyyy-MM-dd HH:mm}Z  {d.Name}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    static Command Remove()
    {
        var client = new ClientOptions();
        var digests = new Argument<string[]>("digests") { Description = "sha256:DIGEST (or the 64 hexadecimal digits alone) of each file to remove", Arity = ArgumentArity.OneOrMore };
        var command = new Command("rm", "Remove stored dataset files (workers that cached them keep their copies; new downloads fail).") { digests };
        client.AddTo(command);
        command.SetAction(result => ClientOptions.Guard(async () =>
        {
            var given = result.GetValue(digests)!;
            var parsed = given.Select(d => StoredFile.DigestOf(StoredFile.LooksLikeReference(d) ? d : StoredFile.Prefix + d)
                ?? throw new InputException($"{d}: expected sha256: followed by 64 hexadecimal digits, as `crossfold datasets list` shows")).ToList();
            using var api = client.Connect(result);
            foreach (string digest in parsed)
            {
                await api.RemoveDataset(digest);
                System.Console.WriteLine($"removed {StoredFile.Reference(digest)}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A file as itself, a directory as its regular files (not its subdirectories), in name order.</summary>
    static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path)) return Directory.EnumerateFiles(path).Order(StringComparer.Ordinal);
        if (File.Exists(path)) return [path];
        throw new InputException($"{path}: no such file or directory");
    }
}
