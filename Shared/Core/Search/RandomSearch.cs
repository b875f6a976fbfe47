using Crossfold.Core.Randomness;
using Crossfold.Core.Sweeps;

namespace Crossfold.Core.Search;

/// <summary>
/// Random search: <c>search.trials</c> trials drawn from the sweep's axes (architectures, noise settings,
/// hyperparameter lists and distributions), point by point along a seeded <see cref="HaltonSequence"/>.
/// A pure function of the sweep definition: the same file and seed always give the same trials, in the
/// same order. A point that repeats an earlier trial is skipped, so every trial is distinct.
/// </summary>
public static class RandomSearch
{
    /// <summary>The trials of a random-search sweep, numbered in the order they were drawn.</summary>
    /// <exception cref="InputException">The space has fewer distinct points than trials asked for, or a value is invalid.</exception>
    public static IReadOnlyList<Trial> Trials(SweepDefinition definition) =>
        Draw(definition, definition.Search?.Trials ?? 0).Select(t => t.Trial).ToList();

    /// <summary>
    /// The first <paramref name="count"/> distinct trials along the sweep's seeded sequence, each with its point in the
    /// <see cref="SearchSpace"/>: random search's trials, and the first round of a TPE search.
    /// </summary>
    /// <exception cref="InputException">The space has fewer distinct points than <paramref name="count"/>, or a value is invalid.</exception>
    public static IReadOnlyList<(Trial Trial, double[] Point)> Draw(SweepDefinition definition, int count)
    {
        var def = definition;
        if (SpaceSize(def) is long size && size < count)
            throw new InputException(TooFewPoints(count, size)) { Field = "search.trials" };
        var space = new SearchSpace(def);
        ulong seed = CounterRandom.Derive(def.Seed, "search");
        var trials = new List<(Trial, double[])>(count);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        // Generous: only a space barely larger than the trials asked for needs many repeats to fill.
        long maxDraws = 100L * count + 1000;
        for (long draw = 0; trials.Count < count; draw++)
        {
            if (draw == maxDraws)
                throw new InputException($"random search found only {trials.Count} distinct trials in {maxDraws:N0} draws, fewer than search.trials {count}; " +
                    "ask for fewer trials or widen the distributions") { Field = "search.trials" };
            var point = HaltonSequence.Point(seed, draw, space.Dimensions.Count);
            var trial = space.TrialAt(trials.Count, point);
            if (labels.Add(trial.Label)) trials.Add((trial, point));
        }
        return trials;
    }

    /// <summary>How many distinct trials the sweep's axes can make, or null when a continuous distribution makes it unbounded.</summary>
    public static long? SpaceSize(SweepDefinition definition)
    {
        long size = (long)definition.Architectures.Length * definition.Noise.Length;
        foreach (var axis in definition.Hyperparameters)
        {
            long? values = axis.Distribution is { } d ? d.Size : axis.Values.Length;
            if (values is not long n) return null;
            size = n > 0 && size > long.MaxValue / n ? long.MaxValue : size * n;
        }
        return size;
    }

    /// <summary>The message for a space with fewer distinct points than trials.</summary>
    public static string TooFewPoints(int trials, long size) =>
        $"random search asks for {trials} trials, but the architectures, noise settings and hyperparameters make only {size:N0} distinct trials; " +
        "ask for at most that many, or use method: grid to run them all";
}
