using System.Reflection;
using Crossfold.Core.Search;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Search;

/// <summary>
/// Random search draws the same trials from a seed on every machine: nothing under Crossfold.Core.Search calls the
/// platform's transcendental functions (Math.Log, Math.Exp, …), whose last bit may differ between C libraries and would
/// move a draw across a rounding or integer boundary; PortableMath is the one to use.
/// </summary>
public class PortableDrawsTests
{
    static readonly string[] Platform = ["Log", "Log2", "Log10", "Exp", "Pow", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh"];

    static bool IsPlatformMath(MethodBase callee) => (callee.DeclaringType == typeof(Math) || callee.DeclaringType == typeof(MathF)) && Platform.Contains(callee.Name);

    [Fact]
    public void Search_calls_no_platform_logarithm_or_exponential()
    {
        var offenders = IlCalls.Callers(typeof(Distribution).Assembly, IsPlatformMath, t => t.Namespace == typeof(Distribution).Namespace).ToList();
        Assert.True(offenders.Count == 0, "platform maths in: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_check_finds_a_platform_exponential_where_there_is_one()
    {
        Assert.Contains($"{typeof(PortableDrawsTests).FullName}.{nameof(PlatformDraw)}", IlCalls.Callers(typeof(PortableDrawsTests).Assembly, IsPlatformMath));
    }

    static double PlatformDraw(double u) => Math.Exp(Math.Log(0.0001) + u * 4);
}
