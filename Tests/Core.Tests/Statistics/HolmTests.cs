using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Statistics;

/// <summary>Holm's step-down adjustment, checked by hand (SciPy's and statsmodels' agree: see ScipyOracleTests).</summary>
public class HolmTests
{
    [Fact]
    public void Sorted_p_values_are_multiplied_by_m_minus_rank_and_kept_monotone()
    {
        // Sorted: 0.01 (x4 = 0.04), 0.02 (x3 = 0.06), 0.03 (x2 = 0.06), 0.5 (x1 = 0.5); given out of order.
        double[] adjusted = Holm.Adjust([0.5, 0.02, 0.01, 0.03]);
        Assert.Equal([0.5, 0.06, 0.04, 0.06], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void A_later_smaller_product_does_not_lower_an_adjusted_p_value()
    {
        // 0.04 x 2 = 0.08, then 0.05 x 1 = 0.05 < 0.08: the running maximum keeps 0.08.
        Assert.Equal([0.08, 0.08], Holm.Adjust([0.04, 0.05]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Adjusted_p_values_stop_at_one_and_NaN_is_left_out_of_the_family()
    {
        double[] adjusted = Holm.Adjust([0.4, double.NaN, 0.3]);
        Assert.Equal(0.6, adjusted[2], 12); // m = 2, not 3
        Assert.Equal(0.6, adjusted[0], 12); // max(0.6, min(1, 0.4))
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal([1.0, 1.0], Holm.Adjust([0.7, 0.9]));
    }

    [Fact]
    public void One_comparison_is_not_adjusted_and_nothing_stays_nothing()
    {
        Assert.Equal([0.0123], Holm.Adjust([0.0123]));
        Assert.Empty(Holm.Adjust([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Holm.Adjust([1.5]));
    }
}
