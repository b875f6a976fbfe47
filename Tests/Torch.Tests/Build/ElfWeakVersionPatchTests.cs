

using Crossfold.Build;

namespace Crossfold.Tests.Build;

/// <summary>The build step that lets TorchSharp load on Debian 12: patch a copy, read the flag back.</summary>
public sealed class ElfWeakVersionPatchTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    static string PristineLibrary()
    {
        // The NuGet cache holds the untouched library; the build only ever patches output copies.
        string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void Reads_the_libstdcxx_requirements_of_the_shipped_library()
    {
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(PristineLibrary()));
        var glibcxx = needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", glibcxx.File);
        Assert.False(glibcxx.IsWeak);
        Assert.Contains(needs, n => n.File == "libc.so.6" && n.Version == "GLIBC_2.2.5");
    }

    [Fact]
    public void Marks_exactly_that_one_requirement_weak_in_a_copy()
    {
        string copy = Path.Combine(_dir, "libLibTorchSharp.so");
        File.Copy(PristineLibrary(), copy);
        byte[] before = File.ReadAllBytes(copy);

        Assert.True(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));

        byte[] after = File.ReadAllBytes(copy);
        var needs = ElfVersionNeeds.Read(after);
        Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(needs.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
        // One bit of one byte differs, nothing else.
        Assert.Equal(before.Length, after.Length);
        var diffs = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Single(diffs);
        Assert.Equal(ElfVersionNeeds.VerFlagWeak, before[diffs[0]] ^ after[diffs[0]]);
    }

    [Fact]
    public void Patching_twice_changes_nothing_the_second_time()
    {
        string copy = Path.Combine(_dir, "lib.so");
        File.Copy(PristineLibrary(), copy);
        Assert.True(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
        byte[] once = File.ReadAllBytes(copy);
        Assert.False(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
        Assert.Equal(once, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_version_the_library_does_not_need_is_left_alone()
    {
        string copy = Path.Combine(_dir, "lib.so");
        File.Copy(PristineLibrary(), copy);
        Assert.False(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Equal(File.ReadAllBytes(PristineLibrary()), File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(new byte[128]));
    }

    [Fact]
    public void The_build_output_copy_is_patched_where_this_machine_needs_it()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var need = ElfVersionNeeds.Read(File.ReadAllBytes(output)).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal(!ElfVersionNeeds.SystemLibStdCxxHas("GLIBCXX_3.4.32"), need.IsWeak);
        // …and the cache stays untouched.
        Assert.False(ElfVersionNeeds.Read(File.ReadAllBytes(PristineLibrary())).Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
    }
}
