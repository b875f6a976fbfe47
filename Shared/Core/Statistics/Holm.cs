namespace Crossfold.Core.Statistics;

/// <summary>
/// Holm's step-down adjustment (Holm 1979) of p-values for a family of comparisons: rejecting every
/// hypothesis whose adjusted p-value is below alpha keeps the chance of any false rejection below alpha,
/// whatever the dependence between the tests. Uniformly more powerful than Bonferroni.
/// </summary>
public static class Holm
{
    /// <summary>
    /// The adjusted p-values, in the order of <paramref name="pValues"/>: with the m p-values sorted
    /// ascending, p_(i) becomes max over j &lt;= i of min(1, (m - j + 1) · p_(j)) (i, j from 1). A NaN
    /// p-value (a comparison that could not be made) stays NaN and does not count in m. Ties keep their
    /// input order, which does not change the result.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A p-value is outside [0, 1].</exception>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var adjusted = new double[pValues.Count];
        var order = new List<int>();
        for (int i = 0; i < pValues.Count; i++)
        {
            double p = pValues[i];
            if (double.IsNaN(p)) { adjusted[i] = double.NaN; continue; }
            if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(pValues), p, $"p-value {i} is not a probability");
            order.Add(i);
        }
        // A stable sort: equal p-values keep their order.
        order = order.OrderBy(i => pValues[i]).ToList();
        int m = order.Count;
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
