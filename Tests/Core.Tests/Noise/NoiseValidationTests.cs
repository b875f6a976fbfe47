using Crossfold.Core.Noise;
using Crossfold.Core;

namespace Crossfold.Tests.Noise;

public class NoiseValidationTests
{
    [Theory]
    [InlineData(NoiseKind.None, 0)]
    [InlineData(NoiseKind.Gaussian, 0)]
    [InlineData(NoiseKind.Gaussian, 0.5)]
    [InlineData(NoiseKind.Gaussian, 3)]
    [InlineData(NoiseKind.Speckle, 0.2)]
    [InlineData(NoiseKind.Uniform, 0.3)]
    [InlineData(NoiseKind.SaltAndPepper, 0)]
    [InlineData(NoiseKind.SaltAndPepper, 0.05)]
    [InlineData(NoiseKind.SaltAndPepper, 1)]
    public void Valid_specs_pass(NoiseKind kind, double amount)
    {
        Assert.Null(NoiseValidation.Problem(new NoiseSpec(kind, amount)));
        NoiseValidation.Validate(new NoiseSpec(kind, amount));
    }

    [Theory]
    [InlineData(NoiseKind.Gaussian, -0.1, "gaussian noise: sigma must be >= 0, got -0.1")]
    [InlineData(NoiseKind.Speckle, -2, "speckle noise: sigma must be >= 0, got -2")]
    [InlineData(NoiseKind.Uniform, -0.5, "uniform noise: amplitude must be >= 0, got -0.5")]
    [InlineData(NoiseKind.SaltAndPepper, -0.01, "salt-and-pepper noise: fraction must be between 0 and 1, got -0.01")]
    [InlineData(NoiseKind.SaltAndPepper, 1.5, "salt-and-pepper noise: fraction must be between 0 and 1, got 1.5")]
    [InlineData(NoiseKind.SaltAndPepper, double.NaN, "salt-and-pepper noise: fraction must be between 0 and 1, got NaN")]
    [InlineData(NoiseKind.Gaussian, double.NaN, "gaussian noise: sigma must be a finite number, got NaN")]
    [InlineData(NoiseKind.Gaussian, double.PositiveInfinity, "gaussian noise: sigma must be a finite number, got Infinity")]
    [InlineData(NoiseKind.Uniform, double.NegativeInfinity, "uniform noise: amplitude must be a finite number, got -Infinity")]
    [InlineData(NoiseKind.None, 0.3, "none noise: takes no amount, got 0.3")]
    [InlineData(NoiseKind.None, double.NaN, "none noise: takes no amount, got NaN")]
    [InlineData((NoiseKind)9, 0.1, "noise: unknown kind 9")]
    public void Invalid_specs_name_the_parameter(NoiseKind kind, double amount, string message)
    {
        var spec = new NoiseSpec(kind, amount);
        Assert.Equal(message, NoiseValidation.Problem(spec));
        var thrown = Assert.Throws<InputException>(() => NoiseValidation.Validate(spec));
        Assert.Equal(message, thrown.Message);
    }
}
