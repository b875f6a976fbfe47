using System.Numerics;
using Crossfold.Core.Randomness;

namespace Crossfold.Tests.Noise;

/// <summary>
/// The platform-independent log, exp and sin/cos under the noise and random search's draws (in Shared/Randomness,
/// tested here with the noise they exist for): accurate, and the vector forms give the scalar forms' exact bits.
/// </summary>
public class PortableMathTests
{
    private static IEnumerable<double> LogInputs()
    {
        var random = new Random(7);
        yield return 1.0;
        yield return Math.Sqrt(2);
        yield return Math.BitIncrement(Math.Sqrt(2));
        yield return Math.BitDecrement(Math.Sqrt(2));
        yield return 0.5;
        yield return Math.Pow(2, -53);
        yield return 1.0 - Math.Pow(2, -53);
        yield return double.MaxValue;
        yield return double.Epsilon * Math.Pow(2, 60); // near the smallest normal doubles
        for (int i = 0; i < 100_000; i++)
            yield return Math.Exp(random.NextDouble() * 80 - 60); // e^-60 .. e^20
        for (int i = 0; i < 100_000; i++)
            yield return ((ulong)random.NextInt64(0, 1L << 53) + 1) * Math.Pow(2, -53); // what the normal draw feeds it
    }

    private static IEnumerable<double> TurnInputs()
    {
        var random = new Random(11);
        foreach (double exact in new[] { 0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0 - Math.Pow(2, -53) })
            yield return exact;
        for (int i = 0; i < 200_000; i++) yield return random.NextDouble();
    }

    [Fact]
    public void Log_matches_the_platform_log_to_two_units_in_the_last_place()
    {
        foreach (double x in LogInputs())
        {
            double expected = Math.Log(x), actual = PortableMath.Log(x);
            double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
            Assert.True(Math.Abs(actual - expected) <= 2 * ulp, $"log({x:R}) = {actual:R}, platform says {expected:R}");
        }
    }

    [Fact]
    public void Exp_matches_the_platform_exp_to_two_units_in_the_last_place()
    {
        var random = new Random(13);
        var inputs = new[] { 0.0, 1.0, -1.0, Math.Log(2), -Math.Log(2), 0.5 * Math.Log(2), 708.0, -708.0, 1e-300, -1e-17 }
            .Concat(Enumerable.Range(0, 100_000).Select(_ => random.NextDouble() * 1416 - 708))
            .Concat(Enumerable.Range(0, 100_000).Select(_ => random.NextDouble() * 20 - 10)); // what log-uniform draws feed it
        foreach (double x in inputs)
        {
            double expected = Math.Exp(x), actual = PortableMath.Exp(x);
            double ulp = Math.BitIncrement(expected) - expected;
            Assert.True(Math.Abs(actual - expected) <= 2 * ulp, $"exp({x:R}) = {actual:R}, platform says {expected:R}");
        }
        Assert.Equal(1.0, PortableMath.Exp(0));
        Assert.Equal(2.0, PortableMath.Exp(Math.Log(2)), 15);
    }

    [Fact]
    public void Exp_undoes_log()
    {
        foreach (double x in new[] { 1e-6, 0.0001, 0.01, 0.5, 1, 7, 101, 1e6 })
            Assert.Equal(1.0, PortableMath.Exp(PortableMath.Log(x)) / x, 14);
    }

    [Fact]
    public void SinCos_of_turns_matches_the_platform_to_1e15()
    {
        foreach (double turns in TurnInputs())
        {
            var (sin, cos) = PortableMath.SinCosTurns(turns);
            Assert.True(Math.Abs(sin - Math.Sin(2 * Math.PI * turns)) < 1e-15, $"sin at {turns:R}");
            Assert.True(Math.Abs(cos - Math.Cos(2 * Math.PI * turns)) < 1e-15, $"cos at {turns:R}");
        }
    }

    [Fact]
    public void Vector_forms_give_the_scalar_bits()
    {
        int width = Vector<double>.Count;
        var output = new double[width];

        double[] logs = LogInputs().ToArray();
        for (int start = 0; start + width <= logs.Length; start += width)
        {
            PortableMath.Log(new Vector<double>(logs, start)).CopyTo(output);
            for (int lane = 0; lane < width; lane++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(PortableMath.Log(logs[start + lane])), BitConverter.DoubleToInt64Bits(output[lane]));
        }

        double[] turns = TurnInputs().ToArray();
        var cosOutput = new double[width];
        for (int start = 0; start + width <= turns.Length; start += width)
        {
            var (sin, cos) = PortableMath.SinCosTurns(new Vector<double>(turns, start));
            sin.CopyTo(output);
            cos.CopyTo(cosOutput);
            for (int lane = 0; lane < width; lane++)
            {
                var (scalarSin, scalarCos) = PortableMath.SinCosTurns(turns[start + lane]);
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalarSin), BitConverter.DoubleToInt64Bits(output[lane]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(scalarCos), BitConverter.DoubleToInt64Bits(cosOutput[lane]));
            }
        }
    }
}
