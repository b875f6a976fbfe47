namespace Crossfold.Core.Architectures;

/// <summary>
/// The activations of one image between two layers: an image of <see cref="Channels"/> x
/// <see cref="Height"/> x <see cref="Width"/>, or, once a Dense or global pooling has flattened it,
/// a vector of <see cref="Channels"/> features (height and width 1). The batch dimension is left out.
/// </summary>
public readonly record struct TensorShape(int Channels, int Height, int Width, bool IsFlat)
{
    public static TensorShape Image(int channels, int height, int width) => new(channels, height, width, false);
    public static TensorShape Vector(int features) => new(features, 1, 1, true);

    /// <summary>Values per image: what a Dense layer sees after flattening.</summary>
    public long Elements => (long)Channels * Height * Width;

    /// <summary>"32x14x14" for an image, "128" for a vector.</summary>
    public override string ToString() => IsFlat ? $"{Channels}" : $"{Channels}x{Height}x{Width}";
}
