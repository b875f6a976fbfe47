using Crossfold.Core.Training;
using MessagePack;

namespace Crossfold.Core.Architectures;

/// <summary>
/// A named network: its layers in order (a Dense 10-way classifier is always appended) and, for the
/// seed presets, the optimizer the seed notebook trained it with (used when the sweep names none).
/// </summary>
[MessagePackObject]
public sealed record ArchitectureSpec(
    [property: Key(0)] string Name,
    [property: Key(1)] LayerSpec[] Layers,
    [property: Key(2)] OptimizerKind? PreferredOptimizer = null)
{
    /// <summary>"Conv 32 (3x3) → MaxPool 2 → … → Dense 10".</summary>
    public string Describe() => string.Join(" → ", Layers.Select(l => l.ToString()).Append("Dense 10"));

    public bool Equals(ArchitectureSpec? other) =>
        other is not null && Name == other.Name && PreferredOptimizer == other.PreferredOptimizer && Layers.SequenceEqual(other.Layers);

    public override int GetHashCode() => HashCode.Combine(Name, Layers.Length, PreferredOptimizer);
}
