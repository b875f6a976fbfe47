using System.Runtime.InteropServices;

namespace Crossfold.Bench;

/// <summary>
/// libtorch settings that TorchSharp 0.107 does not expose, reached through their C++ symbols in
/// libtorch_cpu.so (libtorch 2.10, Itanium ABI). For experiments only: a different libtorch may
/// rename or reshape them, which is why the product does not depend on any of this.
/// </summary>
static unsafe class LibTorchNative
{
    const sbyte Cpu = 0;          // c10::DeviceType::CPU
    const sbyte BFloat16 = 15;    // c10::ScalarType::BFloat16

    static readonly Lazy<IntPtr> Library = new(() =>
    {
        foreach (string dir in new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory })
        {
            string path = Path.Combine(dir, "libtorch_cpu.so");
            if (File.Exists(path)) return NativeLibrary.Load(path);
        }
        throw new DllNotFoundException("libtorch_cpu.so not found beside the program");
    });

    static IntPtr Symbol(string mangled) => NativeLibrary.GetExport(Library.Value, mangled);

    static IntPtr GlobalContext() => ((delegate* unmanaged<IntPtr>)Symbol("_ZN2at13globalContextEv"))();

    /// <summary>at::globalContext().setFlushDenormal(on): FTZ/DAZ on the calling thread; false when the CPU cannot.</summary>
    public static bool SetFlushDenormal(bool on) =>
        ((delegate* unmanaged<IntPtr, byte, byte>)Symbol("_ZN2at7Context16setFlushDenormalEb"))(GlobalContext(), on ? (byte)1 : (byte)0) != 0;

    /// <summary>
    /// at::autocast::set_autocast_enabled(CPU, on) and, when on, its dtype to bfloat16, with the cast cache
    /// off (a cached bf16 weight made under no_grad would cut the graph, and one made before an optimizer
    /// step would be stale). Thread-local in libtorch.
    /// </summary>
    public static void SetAutocastBFloat16(bool on)
    {
        ((delegate* unmanaged<byte, void>)Symbol("_ZN2at8autocast26set_autocast_cache_enabledEb"))(0);
        if (on) ((delegate* unmanaged<sbyte, sbyte, void>)Symbol("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE"))(Cpu, BFloat16);
        ((delegate* unmanaged<sbyte, byte, void>)Symbol("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb"))(Cpu, on ? (byte)1 : (byte)0);
    }

    /// <summary>Whether autocast is on for the CPU on the calling thread.</summary>
    public static bool AutocastEnabled() =>
        ((delegate* unmanaged<sbyte, byte>)Symbol("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE"))(Cpu) != 0;

    /// <summary>Drops autocast's cached low-precision copies of the weights (stale once the optimizer has stepped).</summary>
    public static void ClearAutocastCache() => ((delegate* unmanaged<void>)Symbol("_ZN2at8autocast11clear_cacheEv"))();

    /// <summary>at::globalContext().setFloat32Precision(backend, op, precision) with the enums' integer values.</summary>
    public static void SetFloat32Precision(int backend, int op, int precision) =>
        ((delegate* unmanaged<IntPtr, int, int, int, void>)Symbol("_ZN2at7Context19setFloat32PrecisionENS_14Float32BackendENS_9Float32OpENS_16Float32PrecisionE"))(GlobalContext(), backend, op, precision);

    public static int GetFloat32Precision(int backend, int op) =>
        ((delegate* unmanaged<IntPtr, int, int, int>)Symbol("_ZNK2at7Context16float32PrecisionENS_14Float32BackendENS_9Float32OpE"))(GlobalContext(), backend, op);
}
