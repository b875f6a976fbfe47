namespace Crossfold.Core.Statistics;

/// <summary>Mean and squared deviations computed so that equal scores give exactly their value and zero spread.</summary>
internal static class Moments
{
    /// <summary>
    /// The mean, as first + mean(x - first): the same value mathematically, but n copies of one score
    /// give that score exactly (a plain sum of 0.1 + 0.1 + 0.1 does not divide back to 0.1).
    /// </summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        double first = values[0], shifted = 0;
        for (int i = 1; i < values.Count; i++) shifted += values[i] - first;
        return first + shifted / values.Count;
    }

    /// <summary>Σ (x - mean)²: a second pass over the data, which does not cancel like Σx² - n·mean² does.</summary>
    public static double SumOfSquaredDeviations(IReadOnlyList<double> values, double mean)
    {
        double sum = 0;
        foreach (double value in values) sum += (value - mean) * (value - mean);
        return sum;
    }
}
