using System.Runtime.InteropServices;
using Crossfold.Core;
using TorchSharp;

namespace Crossfold.Torch.Training;

/// <summary>
/// libtorch's autocast (what PyTorch's torch.autocast switches), which TorchSharp 0.107 does not wrap:
/// while it is on, convolutions and matrix products run in bfloat16 (their inputs and weights are cast on
/// the way in; the float32 weights stay the master copy the optimizer updates) and precision-sensitive
/// ops such as cross-entropy in float32. On a CPU with AVX-512 BF16 that roughly doubles convolution speed.
/// </summary>
/// <remarks>
/// The switches are thread-local in libtorch, like training itself, so two slots of one worker cannot see
/// each other's. They are reached through their C++ symbols in libtorch_cpu.so (part of every libtorch
/// build, CPU or CUDA), which the libtorch pinned in Directory.Packages.props exports; a libtorch that does
/// not is reported as such instead of training in float32 silently. The cast cache is switched off: a
/// bfloat16 copy of a weight cached before an optimizer step would be stale after it.
/// </remarks>
internal static unsafe class Autocast
{
    const sbyte BFloat16Type = 15; // c10::ScalarType::BFloat16

    sealed class Functions
    {
        public delegate* unmanaged<sbyte, byte, void> SetEnabled;
        public delegate* unmanaged<sbyte, byte> IsEnabled;
        public delegate* unmanaged<sbyte, sbyte, void> SetDtype;
        public delegate* unmanaged<sbyte, sbyte> GetDtype;
        public delegate* unmanaged<byte, void> SetCacheEnabled;
        public delegate* unmanaged<byte> IsCacheEnabled;
    }

    static readonly Lazy<Functions> Native = new(Load);

    /// <summary>
    /// Turns bfloat16 autocast on for <paramref name="device"/>'s type on the calling thread until the
    /// result is disposed, which restores what was there before.
    /// </summary>
    /// <exception cref="InputException">This libtorch does not export the autocast functions.</exception>
    public static IDisposable BFloat16(torch.Device device)
    {
        var f = Native.Value;
        sbyte type = (sbyte)device.type;
        var previous = (Enabled: f.IsEnabled(type) != 0, Dtype: f.GetDtype(type), Cache: f.IsCacheEnabled() != 0);
        f.SetCacheEnabled(0);
        f.SetDtype(type, BFloat16Type);
        f.SetEnabled(type, 1);
        return new Restore(() =>
        {
            f.SetEnabled(type, previous.Enabled ? (byte)1 : (byte)0);
            f.SetDtype(type, previous.Dtype);
            f.SetCacheEnabled(previous.Cache ? (byte)1 : (byte)0);
        });
    }

    sealed class Restore(Action restore) : IDisposable
    {
        bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            restore();
        }
    }

    static Functions Load()
    {
        // TorchSharp has loaded libtorch_cpu.so already; dlopen by its soname finds that copy.
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(torch).Assembly, null, out IntPtr library) &&
            !NativeLibrary.TryLoad("torch_cpu", typeof(torch).Assembly, null, out library))
            throw new InputException("precision bfloat16: libtorch_cpu could not be found to switch autocast on; train in float32");
        IntPtr Export(string symbol) => NativeLibrary.TryGetExport(library, symbol, out IntPtr address) ? address
            : throw new InputException($"precision bfloat16: this libtorch lacks {symbol} (autocast); train in float32 or use the pinned libtorch");
        return new Functions
        {
            SetEnabled = (delegate* unmanaged<sbyte, byte, void>)Export("_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb"),
            IsEnabled = (delegate* unmanaged<sbyte, byte>)Export("_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE"),
            SetDtype = (delegate* unmanaged<sbyte, sbyte, void>)Export("_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE"),
            GetDtype = (delegate* unmanaged<sbyte, sbyte>)Export("_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE"),
            SetCacheEnabled = (delegate* unmanaged<byte, void>)Export("_ZN2at8autocast26set_autocast_cache_enabledEb"),
            IsCacheEnabled = (delegate* unmanaged<byte>)Export("_ZN2at8autocast25is_autocast_cache_enabledEv"),
        };
    }
}
