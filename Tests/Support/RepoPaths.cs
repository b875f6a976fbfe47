namespace Crossfold.Tests.Support;

/// <summary>Where the built programs are, for tests that start them as real processes.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Cluster.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // …/bin/<Configuration>/net10.0/

    public static string CoordinatorDll => Path.Combine(Root, "Coordinator", "Cli", "bin", Configuration, "net10.0", "crossfold.dll");

    public static string WorkerDll => Path.Combine(Root, "Worker", "Node", "bin", Configuration, "net10.0", "crossfold-worker.dll");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
