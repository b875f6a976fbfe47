using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Statistics;

public class StudentTTests
{
    // The table every statistics book prints (two-sided 95 %), to 4 decimals.
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(4, 2.7764)]
    [InlineData(9, 2.2622)]
    [InlineData(30, 2.0423)]
    [InlineData(1000, 1.9623)]
    public void Quantile_matches_the_printed_table(double df, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile(0.975, df), 4);
    }

    // To full precision, from mpmath (betainc, 40 digits, bisection).
    [Theory]
    [InlineData(0.975, 1, 12.706204736174705)]
    [InlineData(0.975, 2, 4.3026527297494639)]
    [InlineData(0.975, 4, 2.7764451051977944)]
    [InlineData(0.975, 9, 2.2621571627982055)]
    [InlineData(0.975, 30, 2.0422724563012383)]
    [InlineData(0.975, 1000, 1.9623390808264085)]
    [InlineData(0.975, 1e6, 1.959966356814107)]
    [InlineData(0.995, 5, 4.0321429835552281)]
    [InlineData(0.9, 3.5, 1.5765766051364051)]
    [InlineData(0.975, 0.5, 164.55767348048853)]
    [InlineData(1e-10, 3, -2225.7692846830932)]
    [InlineData(1e-12, 1, -318309886183.79067)]
    public void Quantile_matches_reference_values(double p, double df, double expected)
    {
        double relative = df >= 1e5 ? 1e-9 : 1e-11;
        Assert.Equal(expected, StudentT.Quantile(p, df), Math.Abs(expected) * relative);
    }

    [Theory]
    [InlineData(1.5, 7, 0.91135075650501498)]
    [InlineData(-2.5, 0.3, 0.26444271960917246)]
    public void Cdf_matches_reference_values(double t, double df, double expected)
    {
        Assert.Equal(expected, StudentT.Cdf(t, df), 1e-12);
    }

    [Theory]
    [InlineData(10, 3, 0.0021283990584141501)]
    [InlineData(50, 20, 1.753338044924229e-22)]
    [InlineData(3, 200000, 0.0027001284627767907)]
    public void Small_p_values_keep_their_digits(double t, double df, double expected)
    {
        double relative = df >= 1e5 ? 1e-8 : 1e-10;
        Assert.Equal(expected, StudentT.TwoSidedPValue(t, df), expected * relative);
        Assert.Equal(expected, StudentT.TwoSidedPValue(-t, df), expected * relative);
    }

    [Fact]
    public void Cdf_is_one_half_at_zero_and_symmetric()
    {
        foreach (double df in new[] { 0.2, 1, 2, 3.7, 10, 123, 1e5 })
        {
            Assert.Equal(0.5, StudentT.Cdf(0, df), 15);
            Assert.Equal(1.0, StudentT.TwoSidedPValue(0, df));
            Assert.Equal(0.0, StudentT.Quantile(0.5, df));
            foreach (double t in new[] { 0.01, 0.3, 1, 2.5, 7, 40 })
            {
                Assert.Equal(1 - StudentT.Cdf(t, df), StudentT.Cdf(-t, df), 1e-14);
                Assert.Equal(-StudentT.Quantile(0.2, df), StudentT.Quantile(0.8, df), 1e-12 * StudentT.Quantile(0.8, df));
            }
        }
    }

    [Fact]
    public void Closed_forms_for_one_and_two_degrees_of_freedom()
    {
        // df = 1 is the Cauchy distribution: 1/2 + atan(t)/pi. df = 2: 1/2 + t / (2 sqrt(2 + t^2)).
        for (double t = -30; t <= 30; t += 0.37)
        {
            Assert.Equal(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1), 1e-13);
            Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), StudentT.Cdf(t, 2), 1e-13);
        }
        // And the inverse: the Cauchy quantile is tan(pi (p - 1/2)).
        foreach (double p in new[] { 0.001, 0.1, 0.3, 0.7, 0.9, 0.999 })
            Assert.Equal(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile(p, 1), 1e-10 * Math.Abs(Math.Tan(Math.PI * (p - 0.5))));
    }

    [Fact]
    public void Quantile_inverts_the_cdf()
    {
        var random = new Random(12);
        for (int i = 0; i < 500; i++)
        {
            double df = Math.Exp(random.NextDouble() * 10 - 2); // 0.14 .. 3000
            double p = random.NextDouble();
            if (p == 0) continue;
            Assert.Equal(p, StudentT.Cdf(StudentT.Quantile(p, df), df), 1e-12);
        }
    }

    [Fact]
    public void Far_tails_keep_their_digits()
    {
        // Cauchy (df = 1): P(T <= t) = atan(t)/pi + 1/2 ~ 1/(pi |t|) far out, so the 1e-300 quantile is -1/(pi 1e-300).
        Assert.Equal(-1 / (Math.PI * 1e-300), StudentT.Quantile(1e-300, 1), 1e-12 * 1 / (Math.PI * 1e-300));
        Assert.Equal(1e-300, StudentT.Cdf(StudentT.Quantile(1e-300, 50), 50), 1e-312);
        // A quantile beyond the largest double is infinite rather than a wrong finite number.
        Assert.Equal(double.NegativeInfinity, StudentT.Quantile(1e-300, 0.1));
    }

    [Fact]
    public void Edges_and_bad_arguments()
    {
        Assert.Equal(double.NegativeInfinity, StudentT.Quantile(0, 5));
        Assert.Equal(double.PositiveInfinity, StudentT.Quantile(1, 5));
        Assert.Equal(0, StudentT.Cdf(double.NegativeInfinity, 5));
        Assert.Equal(1, StudentT.Cdf(double.PositiveInfinity, 5));
        Assert.Equal(0, StudentT.TwoSidedPValue(double.PositiveInfinity, 5));
        Assert.True(double.IsNaN(StudentT.Cdf(double.NaN, 5)));
        Assert.True(double.IsNaN(StudentT.TwoSidedPValue(double.NaN, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, -3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1.5, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(double.NaN, 3));
    }

    [Fact]
    public void One_sided_p_values_are_the_tails_and_add_up_to_one()
    {
        // Cauchy (df = 1): P(T >= 1) = 1/2 - atan(1)/pi = 1/4.
        Assert.Equal(0.25, StudentT.UpperPValue(1, 1), 15);
        Assert.Equal(0.75, StudentT.UpperPValue(-1, 1), 15);
        foreach (double df in new[] { 1, 2.5, 4, 30 })
            foreach (double t in new[] { -6, -1.3, 0, 0.7, 3 })
            {
                Assert.Equal(1.0, StudentT.UpperPValue(t, df) + StudentT.UpperPValue(-t, df), 14);
                Assert.Equal(StudentT.TwoSidedPValue(t, df), 2 * Math.Min(StudentT.UpperPValue(t, df), StudentT.UpperPValue(-t, df)), 14);
            }
        Assert.True(double.IsNaN(StudentT.UpperPValue(double.NaN, 3)));
    }
}
