using Crossfold.Core.Randomness;
using Crossfold.Core.Sweeps;

namespace Crossfold.Core.Search;

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra et al., 2011) proposing a TPE sweep's next round of trials from every
/// finished trial's cross-validation mean. Per dimension of the <see cref="SearchSpace"/> (univariate, as Optuna's default):
/// the best quarter of the trials so far ("good") and the rest ("bad") each give a density, a Parzen mixture over their
/// points plus a uniform prior; candidates are drawn from the good density and the one with the highest ratio
/// good/bad is proposed. Continuous dimensions use triangular kernels reflected at the cube's faces, categorical ones
/// smoothed category frequencies. Only additions, multiplications, divisions and square roots are used, so every
/// machine proposes the same trials; a pure function of the sweep, the round and the scores, never of completion order.
/// </summary>
public static class Tpe
{
    /// <summary>Candidates drawn from the good density per proposal.</summary>
    public const int Candidates = 24;

    /// <summary>The weight of the uniform prior in each density, as one more point.</summary>
    const double PriorWeight = 1;

    /// <summary>
    /// Proposes <paramref name="count"/> trials (numbered on from <paramref name="trials"/>.Count) for round <paramref name="round"/>
    /// (from 1; round 0 is <see cref="RandomSearch.Draw"/>'s first trials), from <paramref name="trials"/> so far with their points
    /// and <paramref name="scores"/> (mean accuracy; null for a trial with no finished fold, which is left out). Each proposal
    /// differs from every trial before it.
    /// </summary>
    /// <exception cref="InputException">No new distinct trial could be found (the space is nearly exhausted), or a value is invalid.</exception>
    public static IReadOnlyList<(Trial Trial, double[] Point)> Propose(SweepDefinition definition, int round, int count,
        IReadOnlyList<(Trial Trial, double[] Point)> trials, IReadOnlyList<double?> scores)
    {
        var space = new SearchSpace(definition);
        var observed = Enumerable.Range(0, trials.Count).Where(i => scores[i] is not null)
            .OrderByDescending(i => scores[i]!.Value).ThenBy(i => i).Select(i => trials[i].Point).ToList();
        int good = (observed.Count + 3) / 4;
        var models = space.Dimensions.Select((d, i) => new DimensionModel(d.Categories,
            observed.Take(good).Select(p => p[i]).ToArray(), observed.Skip(good).Select(p => p[i]).ToArray())).ToArray();
        var labels = trials.Select(t => t.Trial.Label).ToHashSet(StringComparer.Ordinal);
        var proposed = new List<(Trial, double[])>(count);
        ulong seed = CounterRandom.Derive(definition.Seed, "tpe", (ulong)round);
        for (int p = 0; p < count; p++)
        {
            int index = trials.Count + p;
            (Trial, double[])? chosen = null;
            // Batches of candidates, best ratio first, until one is a trial not seen yet; a few hundred cover any space that still has room.
            for (int batch = 0; chosen is null; batch++)
            {
                if (batch == 40)
                    throw new InputException($"TPE found no new distinct trial in {40 * Candidates:N0} candidates for trial {index + 1}; " +
                        "ask for fewer trials or widen the distributions") { Field = "search.trials" };
                var candidates = Enumerable.Range(0, Candidates).Select(c =>
                {
                    ulong stream = CounterRandom.Derive(seed, "candidate", (ulong)p, (ulong)(batch * Candidates + c));
                    var point = models.Select((m, d) => m.Sample(stream, (ulong)d)).ToArray();
                    double ratio = 1;
                    for (int d = 0; d < models.Length; d++) ratio *= models[d].Ratio(point[d]);
                    return (Point: point, Ratio: ratio, Order: c);
                }).OrderByDescending(c => c.Ratio).ThenBy(c => c.Order);
                foreach (var candidate in candidates)
                {
                    var trial = space.TrialAt(index, candidate.Point);
                    if (!labels.Add(trial.Label)) continue;
                    chosen = (trial, candidate.Point);
                    break;
                }
            }
            proposed.Add(chosen.Value);
        }
        return proposed;
    }

    /// <summary>One dimension's good and bad densities: categorical over <c>categories</c> values, or continuous on [0, 1) when 0.</summary>
    sealed class DimensionModel(int categories, double[] good, double[] bad)
    {
        /// <summary>A coordinate drawn from the good density, from the counter stream (<paramref name="stream"/>, <paramref name="dimension"/>).</summary>
        public double Sample(ulong stream, ulong dimension)
        {
            double pick = CounterRandom.Uniform(stream, dimension, 0), u1 = CounterRandom.Uniform(stream, dimension, 1), u2 = CounterRandom.Uniform(stream, dimension, 2);
            // The prior counts as one more component: pick below its share draws uniformly.
            int component = (int)(pick * (good.Length + PriorWeight));
            if (categories > 0)
            {
                int category = component >= good.Length ? SearchSpace.Category(u1, categories) : SearchSpace.Category(good[component], categories);
                return (category + 0.5) / categories;
            }
            if (component >= good.Length) return u1;
            double h = Bandwidth(good.Length);
            // The sum of two uniforms is triangular; a draw past a face is reflected back, as the density assumes.
            double x = good[component] + h * (u1 + u2 - 1);
            if (x < 0) x = -x;
            if (x >= 1) x = 2 - x;
            return Math.Clamp(x, 0, Math.BitDecrement(1.0));
        }

        /// <summary>Good density over bad density at <paramref name="x"/>: what a candidate is ranked by.</summary>
        public double Ratio(double x) => Density(good, x) / Density(bad, x);

        double Density(double[] points, double x)
        {
            if (categories > 0)
            {
                int category = SearchSpace.Category(x, categories);
                int count = points.Count(p => SearchSpace.Category(p, categories) == category);
                return (PriorWeight / categories + count) / (PriorWeight + points.Length);
            }
            double h = Bandwidth(points.Length), sum = PriorWeight; // the uniform prior's density on [0, 1) is 1
            foreach (double c in points) sum += Triangle(x - c, h) + Triangle(x + c, h) + Triangle(2 - x - c, h);
            return sum / (PriorWeight + points.Length);
        }

        /// <summary>The kernels' half-width: wide while few points are known, narrower as they accumulate.</summary>
        static double Bandwidth(int points) => Math.Max(0.1, 0.5 / Math.Sqrt(Math.Max(1, points)));

        static double Triangle(double z, double h) => Math.Abs(z) >= h ? 0 : (h - Math.Abs(z)) / (h * h);
    }
}
