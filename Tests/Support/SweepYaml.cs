using Crossfold.Core.Sweeps;
using MessagePack;

using Xunit;

namespace Crossfold.Tests.Support;

/// <summary>Helpers for sweep-file tests: parse text as if read from sweeps/x.yaml, and collect the errors of a bad one.</summary>
public static class SweepYaml
{
    public const string File = "sweeps/x.yaml";

    /// <summary>An absolute directory for the test file, so resolved dataset paths are predictable.</summary>
    public static readonly string Directory = Path.Combine(Path.GetTempPath(), "crossfold-sweeps");

    public static SweepFile Parse(string text) => SweepFileParser.Parse(text, Path.Combine(Directory, "x.yaml"));

    public static SweepDefinition Definition(string text) => Parse(text).Definition;

    public static SweepFileException Failure(string text) => Assert.Throws<SweepFileException>(() => SweepFileParser.Parse(text, File));

    public static SweepError Error(string text) => Assert.Single(Failure(text).Errors);

    /// <summary>Records with array fields compare arrays by reference, so compare what goes on the wire instead.</summary>
    public static void Equal(SweepDefinition expected, SweepDefinition actual) =>
        Assert.Equal(Convert.ToHexString(MessagePackSerializer.Serialize(expected)), Convert.ToHexString(MessagePackSerializer.Serialize(actual)));

    /// <summary>The repository root, found from the test binaries by walking up to Cluster.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
