namespace Crossfold.Core.Data;

/// <summary>
/// Where a 4-D image array keeps its channel axis (sweep-file <c>dataset.layout</c>): NumPy and Keras write
/// (N, H, W, C), PyTorch (N, C, H, W). Either way Crossfold holds images as N, C, H, W (see <see cref="Dataset"/>).
/// </summary>
public enum ImageLayout
{
    /// <summary>(N, H, W, C): channels last, as IDX files and most NumPy and Keras datasets store colour images.</summary>
    Nhwc = 1,
    /// <summary>(N, C, H, W): channels first, as PyTorch stores them.</summary>
    Nchw = 2,
}
