using Crossfold.Core.Architectures;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;

namespace Crossfold.Core.Search;

/// <summary>Builds one trial from a point of the search space, the same way for grid and random search.</summary>
public static class TrialMaker
{
    /// <summary>
    /// Trial <paramref name="index"/>: <paramref name="architecture"/> on <paramref name="noise"/>, trained with the sweep's
    /// settings (the architecture's preferred optimizer unless the file named one) and then <paramref name="hyperparameters"/>.
    /// </summary>
    /// <exception cref="InputException">A hyperparameter value is invalid, or the settings contradict each other (early stopping without a validation set, Nesterov without SGD).</exception>
    public static Trial Make(SweepDefinition definition, int index, ArchitectureSpec architecture, NoiseSpec noise,
        IReadOnlyList<(string Name, string Value)> hyperparameters)
    {
        var settings = definition.Training with
        {
            Optimizer = definition.ExplicitOptimizer ? definition.Training.Optimizer : architecture.PreferredOptimizer ?? OptimizerKind.Adam,
        };
        foreach (var (name, value) in hyperparameters)
            settings = HyperparameterRules.Apply(settings, name, value);
        string written = string.Join(" ", hyperparameters.Select(c => $"{c.Name}={c.Value}"));
        if (settings.Problem() is var (field, problem))
            throw new InputException($"sweep '{definition.Name}': {architecture.Name}{(written.Length > 0 ? $" with {written}" : "")}: {problem}")
                { Field = $"training.{field}" };
        return new Trial(index, architecture, noise, settings, written);
    }
}
