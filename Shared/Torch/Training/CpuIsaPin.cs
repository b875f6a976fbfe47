using System.Runtime.InteropServices;
using Crossfold.Core;
using Crossfold.Core.Training;

namespace Crossfold.Torch.Training;

/// <summary>
/// Holds this process's libtorch to one CPU instruction set (<c>--cpu-isa</c>), and says which set its folds ran with.
/// Call <see cref="Apply"/> before anything touches libtorch: its libraries read the setting once, when they first run.
/// </summary>
public static partial class CpuIsaPin
{
    static string? _pinned;

    /// <summary>What this process's CPU folds run with, as a fold records it (see <see cref="CpuIsa.Label"/>).</summary>
    public static string Label => CpuIsa.Label(_pinned, CpuIsa.Machine());

    /// <summary>
    /// Pins libtorch to <paramref name="isa"/> (a name <see cref="CpuIsa.Parse"/> accepted); null leaves it to the machine.
    /// An <see cref="InputException"/> when this CPU lacks that set.
    /// </summary>
    public static void Apply(string? isa)
    {
        if (isa is null) return;
        if (CpuIsa.Problem(isa, CpuIsa.Machine()) is string problem) throw new InputException(problem);
        foreach (var (name, value) in CpuIsa.Environment(isa))
        {
            // The native libraries read the C environment, which .NET's Environment.SetEnvironmentVariable does not change on Unix.
            if (OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable(name, value);
            else if (SetEnv(name, value, 1) != 0) throw new InvalidOperationException($"setenv {name} failed");
        }
        _pinned = isa;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
