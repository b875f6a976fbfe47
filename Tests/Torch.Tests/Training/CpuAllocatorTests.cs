using Crossfold.Core.Training;
using Crossfold.Torch.Training;

namespace Crossfold.Tests.Training;

public class CpuAllocatorTests
{
    [Fact]
    public void Glibc_accepts_the_settings_on_linux()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(CpuAllocator.KeepFreedMemory());
        Assert.True(CpuAllocator.KeepFreedMemory()); // once per process, then the same answer
    }
}
