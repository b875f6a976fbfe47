using Crossfold.Core;

namespace Crossfold.Protocol.CommandLine;

/// <summary>Reads a bearer token from a file (a mounted secret), so it never has to appear on a command line: for the CLI, `serve` and `crossfold-worker`.</summary>
public static class TokenFile
{
    public static string Read(string path)
    {
        if (!File.Exists(path)) throw new InputException($"--token-file {path}: file not found");
        string token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new InputException($"--token-file {path}: the file is empty");
    }
}
