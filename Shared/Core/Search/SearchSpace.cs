using Crossfold.Core.Sweeps;

namespace Crossfold.Core.Search;

/// <summary>
/// The space a random or TPE search draws trials from, as dimensions of the unit cube: one per axis with a choice
/// to make (architectures and noise settings when there are several, every hyperparameter). A point u in [0, 1)^d
/// is one trial; a list (architectures, noise, <c>choice</c> values) is categorical, a distribution continuous.
/// </summary>
public sealed class SearchSpace
{
    readonly SweepDefinition _definition;
    readonly List<Dimension> _dimensions = new();

    /// <summary>One axis: its sweep-file name and how many categories it has (0 for a continuous distribution).</summary>
    public sealed record Dimension(string Name, int Categories);

    public SearchSpace(SweepDefinition definition)
    {
        _definition = definition;
        // Only axes with a choice to make take a dimension, so a low-discrepancy sequence's first (most even) dimensions go to them.
        if (definition.Architectures.Length > 1) _dimensions.Add(new("architectures", definition.Architectures.Length));
        if (definition.Noise.Length > 1) _dimensions.Add(new("noise", definition.Noise.Length));
        foreach (var axis in definition.Hyperparameters)
            _dimensions.Add(new(axis.Name, axis.Distribution is null ? axis.Values.Length : 0));
    }

    /// <summary>The dimensions, in the order a point lists them.</summary>
    public IReadOnlyList<Dimension> Dimensions => _dimensions;

    /// <summary>Trial <paramref name="index"/> at <paramref name="point"/> (one coordinate in [0, 1) per dimension).</summary>
    /// <exception cref="InputException">A drawn value is invalid for its hyperparameter.</exception>
    public Trial TrialAt(int index, IReadOnlyList<double> point)
    {
        var def = _definition;
        int d = 0;
        int architecture = def.Architectures.Length > 1 ? Category(point[d++], def.Architectures.Length) : 0;
        int noise = def.Noise.Length > 1 ? Category(point[d++], def.Noise.Length) : 0;
        var values = new List<(string Name, string Value)>();
        foreach (var axis in def.Hyperparameters)
        {
            double u = point[d++];
            values.Add((axis.Name, axis.Distribution?.At(u) ?? axis.Values[Category(u, axis.Values.Length)]));
        }
        return TrialMaker.Make(def, index, def.Architectures[architecture], def.Noise[noise], values);
    }

    /// <summary>The category a coordinate <paramref name="u"/> picks among <paramref name="count"/>.</summary>
    public static int Category(double u, int count) => Math.Min((int)(u * count), count - 1);
}
