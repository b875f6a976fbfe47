using Crossfold.Core.Statistics;

namespace Crossfold.Tests.Statistics;

public class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.57236494292470008)]     // ln sqrt(pi)
    [InlineData(5.0, 3.1780538303479458)]      // ln 24
    [InlineData(0.1, 2.2527126517342059)]
    [InlineData(100.0, 359.13420536957540)]
    public void LogGamma_matches_known_values(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(1e-20)]
    [InlineData(-3e-17)]
    [InlineData(1e-9)]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    [InlineData(1e10)]
    public void Log1P_is_accurate_near_zero_and_correct_elsewhere(double x)
    {
        // Series for the small arguments, the plain log for the others.
        double expected = Math.Abs(x) < 1e-8 ? x - x * x / 2 : Math.Log(1 + x);
        Assert.Equal(expected, SpecialFunctions.Log1P(x), Math.Abs(expected) * 1e-15);
    }

    // mpmath: log(beta(a, b)) at 40 digits; the large ones are where ln Γ(a) - ln Γ(a + b) cancels.
    [Theory]
    [InlineData(2.5, 4.0, -3.5861197201561674)]
    [InlineData(0.5, 0.5, 1.1447298858494002)]
    [InlineData(5e5, 0.5, -5.9888164957774643)]
    [InlineData(0.5, 5e9, -10.593986931740556)]
    [InlineData(30.0, 40.0, -48.301749095916125)]
    public void LogBeta_matches_reference_values(double a, double b, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogBeta(a, b), 1e-13 * Math.Max(1, Math.Abs(expected)));
    }

    // Reference values from mpmath.betainc(a, b, 0, x, regularized=True) at 40 digits.
    [Theory]
    [InlineData(2.5, 4.0, 0.3, 0.35219758590676721)]
    [InlineData(0.5, 30.0, 0.05, 0.91937057309356924)]
    [InlineData(0.5, 30.0, 0.001, 0.19276269384046288)]
    [InlineData(500.0, 0.5, 0.999, 0.31731044730971715)]
    public void Incomplete_beta_matches_reference_values(double a, double b, double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.RegularizedIncompleteBeta(a, b, x), 1e-12);
    }

    [Fact]
    public void Incomplete_beta_identities_hold()
    {
        var random = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            double a = Math.Exp(random.NextDouble() * 8 - 3), b = Math.Exp(random.NextDouble() * 8 - 3), x = random.NextDouble();
            double value = SpecialFunctions.RegularizedIncompleteBeta(a, b, x);
            Assert.InRange(value, 0, 1);
            // Symmetry: I_x(a, b) = 1 - I_{1-x}(b, a).
            Assert.Equal(1 - SpecialFunctions.RegularizedIncompleteBeta(b, a, 1 - x), value, 1e-10);
            // Closed forms: I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b.
            Assert.Equal(Math.Pow(x, a), SpecialFunctions.RegularizedIncompleteBeta(a, 1, x), 1e-12);
            Assert.Equal(1 - Math.Pow(1 - x, b), SpecialFunctions.RegularizedIncompleteBeta(1, b, x), 1e-12);
        }
        Assert.Equal(0.5, SpecialFunctions.RegularizedIncompleteBeta(7.3, 7.3, 0.5), 1e-14);
        Assert.Equal(0, SpecialFunctions.RegularizedIncompleteBeta(2, 3, 0));
        Assert.Equal(1, SpecialFunctions.RegularizedIncompleteBeta(2, 3, 1));
    }

    [Fact]
    public void A_vanishing_tail_underflows_to_zero_instead_of_failing()
    {
        // mpmath: 9.2e-352, below the smallest double.
        Assert.Equal(0, SpecialFunctions.RegularizedIncompleteBeta(500, 0.5, 0.2));
    }
}
