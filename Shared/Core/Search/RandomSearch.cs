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
    public static IReadOnlyList<Trial> Trials(SweepDefinition definition)
    {
        var def = definition;
        int wanted = def.Search?.Trials ?? 0;
        if (SpaceSize(def) is long size && size < wanted)
            throw new InputException(TooFewPoints(wanted, size)) { Field = "search.trials" };

        // Only axes with a choice to make take a dimension, so the sequence's first (most even) dimensions go to them.
        var axes = new List<Func<double, Pick>>();
        if (def.Architectures.Length > 1) axes.Add(u => new Pick(Architecture: Index(u, def.Architectures.Length)));
        if (def.Noise.Length > 1) axes.Add(u => new Pick(Noise: Index(u, def.Noise.Length)));
        foreach (var axis in def.Hyperparameters)
            axes.Add(u => new Pick(Hyperparameter: (axis.Name, axis.Distribution?.At(u) ?? axis.Values[Index(u, axis.Values.Length)])));

        ulong seed = CounterRandom.Derive(def.Seed, "search");
        var trials = new List<Trial>(wanted);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        // Generous: only a space barely larger than the trials asked for needs many repeats to fill.
        long maxDraws = 100L * wanted + 1000;
        for (long draw = 0; trials.Count < wanted; draw++)
        {
            if (draw == maxDraws)
                throw new InputException($"random search found only {trials.Count} distinct trials in {maxDraws:N0} draws, fewer than search.trials {wanted}; " +
                    "ask for fewer trials or widen the distributions") { Field = "search.trials" };
            var picks = HaltonSequence.Point(seed, draw, axes.Count).Select((u, d) => axes[d](u)).ToList();
            var trial = TrialMaker.Make(def, trials.Count,
                def.Architectures[picks.Select(p => p.Architecture).FirstOrDefault(a => a >= 0, 0)],
                def.Noise[picks.Select(p => p.Noise).FirstOrDefault(n => n >= 0, 0)],
                picks.Where(p => p.Hyperparameter is not null).Select(p => p.Hyperparameter!.Value).ToList());
            if (labels.Add(trial.Label)) trials.Add(trial);
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

    /// <summary>One axis's share of a point: an architecture, a noise setting or a hyperparameter value.</summary>
    private readonly record struct Pick(int Architecture = -1, int Noise = -1, (string Name, string Value)? Hyperparameter = null);

    private static int Index(double u, int count) => Math.Min((int)(u * count), count - 1);
}
