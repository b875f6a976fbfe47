using Crossfold.Core.Text;
using Crossfold.Core.Training;
using static Crossfold.Core.Architectures.LayerSpec;

namespace Crossfold.Core.Architectures;

/// <summary>
/// The seed notebook's nine models, by the names sweep files use. Each reads like the notebook's
/// diagram without its final Dense 10: the builder appends the classifier to every architecture, one output per class of the dataset.
/// </summary>
public static class Presets
{
    // The notebook's MLPs start with Dense(784) on the flattened image: a hidden layer, not the input.
    private static ArchitectureSpec Mlp(string name, OptimizerKind optimizer, params LayerSpec[] layers) => new(name, layers, optimizer);
    private static ArchitectureSpec Cnn(string name, params LayerSpec[] layers) => new(name, layers, OptimizerKind.Adam);

    /// <summary>All nine, in the notebook's order.</summary>
    public static IReadOnlyList<ArchitectureSpec> All { get; } =
    [
        Mlp("seed-mlp-1", OptimizerKind.RmsProp, Dense(784), Dense(256), Dropout(0.3), Dense(128)),
        Mlp("seed-mlp-2", OptimizerKind.Adam, Dense(784), Dense(256), Dropout(0.3), Dense(128)),
        Mlp("seed-mlp-3", OptimizerKind.Adam, Dense(784), Dense(256), Dropout(0.3), Dense(128), Dense(64)),
        Mlp("seed-mlp-4", OptimizerKind.Adam, Dense(784), Dense(512), Dropout(0.3), Dense(256), Dense(128)),
        Cnn("seed-cnn-1",
            Conv(32), Pool(),
            Conv(64), Pool(),
            Conv(128), Pool(),
            Dense(256), Dropout(0.3), Dense(128)),
        Cnn("seed-cnn-2", // LeNet-5
            Conv(6, kernel: 5), Pool(),
            Conv(16, kernel: 5), Pool(),
            Dense(120), Dense(84)),
        Cnn("seed-cnn-3",
            Conv(32), Pool(),
            Dense(512), Dense(256), Dense(128)),
        Cnn("seed-cnn-4",
            Conv(32, same: true), Pool(),
            Conv(64, same: true), Pool(),
            Conv(128, same: true), Pool(),
            Conv(256, same: true), Pool(),
            Dense(256), Dropout(0.3), Dense(128)),
        Cnn("seed-cnn-5", // the notebook's best
            Conv(32, same: true), Pool(),
            Conv(64, same: true), Pool(),
            Conv(128, same: true), Pool(),
            Conv(256, same: true), Pool(),
            Dense(512), Dropout(0.3), Dense(256)),
    ];

    /// <summary>The preset names, in the notebook's order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(a => a.Name).ToArray();

    /// <summary>The preset called <paramref name="name"/> (exact, case-insensitive), or null.</summary>
    public static ArchitectureSpec? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The preset called <paramref name="name"/>; an unknown name is bad input, answered with the closest known one.</summary>
    public static ArchitectureSpec Get(string name) =>
        Find(name) ?? throw new InputException(
            $"unknown architecture '{name}'{DidYouMean.Hint(name, Names)} (presets: {string.Join(", ", Names)}; " +
            "or describe one with family: mlp|cnn|resnet|densenet or layers: [...])");
}
