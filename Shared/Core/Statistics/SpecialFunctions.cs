namespace Crossfold.Core.Statistics;

/// <summary>
/// The special functions behind the t distribution: log-gamma, log-beta and the regularized incomplete
/// beta function. Written here (Lanczos; Numerical Recipes' continued fraction with modified Lentz) because
/// .NET has neither and the project takes no numerics package for two functions.
/// </summary>
internal static class SpecialFunctions
{
    // Lanczos approximation, g = 7, n = 9: about 1e-15 relative for x >= 0.5.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        // Γ(x) = Γ(x + 1) / x moves small arguments into the range where Lanczos is accurate.
        if (x < 0.5) return LogGamma(x + 1.0) - Math.Log(x);
        x -= 1.0;
        double sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2.0 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>ln(1 + x), accurate for tiny x where Math.Log(1 + x) loses every digit.</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        // Goldberg's trick: the rounding error of 1 + x cancels between the logarithm and the quotient.
        return u == 1.0 ? x : Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>
    /// ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b) for a, b &gt; 0. For a large argument the two big
    /// log-gammas nearly cancel, so their difference is taken from Stirling's series directly.
    /// </summary>
    public static double LogBeta(double a, double b)
    {
        if (a < b) (a, b) = (b, a);
        if (a < 20) return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
        // ln Γ(a) - ln Γ(a + b) = -(a - 1/2) ln(1 + b/a) - b ln(a + b) + b + ω(a) - ω(a + b),
        // with Stirling's remainder ω; every term is of order b ln a, none of order a ln a.
        double difference = -(a - 0.5) * Log1P(b / a) - b * Math.Log(a + b) + b + StirlingRemainder(a) - StirlingRemainder(a + b);
        return LogGamma(b) + difference;
    }

    /// <summary>ω(x) = ln Γ(x) - [(x - 1/2) ln x - x + ln(2π)/2], for x &gt;= 20 (error below 1e-15).</summary>
    private static double StirlingRemainder(double x)
    {
        double inverse = 1.0 / x, inverse2 = inverse * inverse;
        return inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)));
    }

    /// <summary>The regularized incomplete beta function I_x(a, b), for a, b &gt; 0 and x in [0, 1].</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x) =>
        RegularizedIncompleteBeta(a, b, x, 1.0 - x, Math.Log(x), Log1P(-x));

    /// <summary>
    /// I_x(a, b) given x, y = 1 - x and their logarithms, each computed by the caller without
    /// cancellation: the t distribution can, and so keeps its digits when x is close to 1 and when x is
    /// too small for a double (far tails, where only ln x is representable).
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x, double y, double logX, double logY)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
        if (logX == double.NegativeInfinity) return 0;
        if (y <= 0) return 1;
        // x^a y^b / B(a, b), in logs so that large a and b neither overflow nor underflow early.
        double front = Math.Exp(a * logX + b * logY - LogBeta(a, b));
        // The continued fraction converges fast only left of the mean; use the symmetry I_x(a,b) = 1 - I_y(b,a) on the right.
        return x < (a + 1.0) / (a + b + 2.0)
            ? front * ContinuedFraction(a, b, x) / a
            : 1.0 - front * ContinuedFraction(b, a, y) / b;
    }

    /// <summary>The continued fraction for I_x(a, b), evaluated by the modified Lentz method.</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        // Epsilon: two units in the last place of 1, reachable despite rounding in the products.
        const double Epsilon = 4.5e-16, Tiny = 1e-300;
        // Iterations needed grow like sqrt(max(a, b)); the cap only guards against a bug looping forever.
        int maxIterations = 1000 + (int)Math.Min(1e7, 100 * Math.Sqrt(Math.Max(a, b)));
        double qab = a + b, qap = a + 1.0, qam = a - 1.0;
        double c = 1.0, d = 1.0 - qab * x / qap;
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1.0 / d;
        double h = d;
        for (int m = 1; m <= maxIterations; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + aa * d; if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1.0 + aa / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + aa * d; if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1.0 + aa / c; if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < Epsilon) return h;
        }
        throw new ArithmeticException($"incomplete beta did not converge for a={a}, b={b}, x={x}");
    }
}
