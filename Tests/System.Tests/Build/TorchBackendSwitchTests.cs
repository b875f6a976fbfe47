using System.Diagnostics;

namespace Crossfold.Tests.Build;

/// <summary>
/// The -p:TorchBackend switch, exercised by real `dotnet` runs on a copy of the build files (the project
/// files of Shared and Worker, Directory.*.props/targets and build/; no sources, since restore comes
/// first). Restore reads only an empty local feed, so the result is the same with or without a network
/// that serves the CUDA packages, nothing is downloaded, and the repository's own obj/ and bin/ are never
/// touched: the normal build can neither break nor slow down because of these tests.
/// </summary>
public sealed class TorchBackendSwitchTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("crossfold-backend-").FullName;
    readonly string _feed;

    public TorchBackendSwitchTests()
    {
        string repo = RepositoryRoot();
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.Copy(Path.Combine(repo, file), Path.Combine(_root, file));
        Directory.CreateDirectory(Path.Combine(_root, "build"));
        foreach (string file in Directory.GetFiles(Path.Combine(repo, "build")))
            File.Copy(file, Path.Combine(_root, "build", Path.GetFileName(file)));
        foreach (string project in new[] { "Shared/Core/Core.csproj", "Shared/Torch/Torch.csproj", "Shared/Protocol/Protocol.csproj", "Worker/Slots/Slots.csproj", "Worker/Node/Node.csproj" })
        {
            Directory.CreateDirectory(Path.Combine(_root, Path.GetDirectoryName(project)!));
            File.Copy(Path.Combine(repo, project), Path.Combine(_root, project));
        }
        _feed = Directory.CreateDirectory(Path.Combine(_root, "empty-feed")).FullName;
    }

    public void Dispose() => Directory.Delete(_root, true);

    [Fact]
    public void Cuda_stops_at_restore_naming_the_missing_package_and_builds_nothing()
    {
        var (exit, output) = Dotnet($"build Worker/Node/Node.csproj -p:TorchBackend=cuda -p:RestoreSources={_feed}");

        Assert.NotEqual(0, exit);
        Assert.Contains("error NU1101: Unable to find package libtorch-cuda-12.8-linux-x64", output);
        Assert.Contains("Crossfold: TorchBackend=cuda", output);
        Assert.Contains("docs/deployment.md", output);
        // The CUDA libtorch replaced the CPU one (not added beside it), in the CUDA build's own folders…
        Assert.Equal(["libtorch-cuda-12.8-linux-x64"], RequestedLibTorch(Path.Combine(_root, "Shared", "Torch", "obj", "cuda", "project.assets.json")));
        // …and nothing was compiled anywhere.
        Assert.False(File.Exists(Path.Combine(_root, "Worker", "Node", "obj", "project.assets.json")));
        Assert.Empty(Directory.GetFiles(_root, "*.dll", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(_root, "Worker", "Node", "bin")));
    }

    [Fact]
    public void An_unknown_backend_is_one_clear_error_before_restore()
    {
        var (exit, output) = Dotnet($"build Worker/Node/Node.csproj -p:TorchBackend=rocm -p:RestoreSources={_feed}");

        Assert.NotEqual(0, exit);
        Assert.Contains("error CF0001: Crossfold: TorchBackend='rocm' is not supported", output);
        Assert.Contains("-p:TorchBackend=cuda", output);
        Assert.DoesNotContain("NU1101", output);
        Assert.False(Directory.Exists(Path.Combine(_root, "Worker", "Node", "obj")));
    }

    [Fact]
    public void The_default_cpu_backend_restores_from_the_same_copy()
    {
        // The control: the copy and the empty feed are sound (every CPU package comes from the local
        // package cache that building this test filled), so the CUDA failure above is about CUDA only.
        var (exit, output) = Dotnet($"restore Worker/Node/Node.csproj -p:RestoreSources={_feed}");

        Assert.True(exit == 0, output);
        Assert.True(File.Exists(Path.Combine(_root, "Worker", "Node", "obj", "project.assets.json")));
        Assert.Equal(["libtorch-cpu-linux-x64"], RequestedLibTorch(Path.Combine(_root, "Shared", "Torch", "obj", "project.assets.json")));
        Assert.False(Directory.Exists(Path.Combine(_root, "Worker", "Node", "obj", "cuda")));
    }

    /// <summary>The libtorch packages a project asked restore for (its direct dependencies in the assets file).</summary>
    static string[] RequestedLibTorch(string assetsFile)
    {
        using var assets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(assetsFile));
        return assets.RootElement.GetProperty("project").GetProperty("frameworks").EnumerateObject()
            .SelectMany(f => f.Value.GetProperty("dependencies").EnumerateObject().Select(d => d.Name))
            .Where(name => name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase))
            .Distinct().Order().ToArray();
    }

    (int Exit, string Output) Dotnet(string arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            $"{arguments} -nologo -nodeReuse:false -p:UseSharedCompilation=false")
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host may carry the outer build's MSBuild settings; the inner build must not inherit them.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {arguments} took over 2 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(dir.FullName, "build")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
