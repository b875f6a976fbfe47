using System.Reflection;
using Crossfold.Tests.Support;
using Crossfold.Torch.Training;
using TorchSharp;

namespace Crossfold.Tests.Training;

/// <summary>
/// No code of Crossfold's that runs during training converts a number to a TorchSharp Scalar
/// implicitly. Such a Scalar is a temporary with a finalizer whose native handle goes into a libtorch
/// call with nothing keeping it alive; a garbage collection on another thread (a second slot training)
/// can free it mid-call, which made updates read freed memory: exceptions from c10::Scalar::toFloat and,
/// worse, silently different metrics. The check reads the IL of every method of Crossfold.Torch (and of
/// the slot runner) for calls to Scalar's implicit conversion operators.
/// </summary>
public class ImplicitScalarTests
{
    [Fact]
    public void Crossfold_Torch_never_converts_a_number_to_a_scalar_implicitly()
    {
        var offenders = ImplicitScalarCalls(typeof(TrainingSession).Assembly).ToList();
        Assert.True(offenders.Count == 0, "implicit Scalar conversions in: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_check_finds_an_implicit_conversion_where_there_is_one()
    {
        Assert.Contains(nameof(Implicitly), ImplicitScalarCalls(typeof(ImplicitScalarTests).Assembly).Select(m => m.Split('.').Last()));
    }

    static Scalar Implicitly(double value) => value;

    static IEnumerable<string> ImplicitScalarCalls(Assembly assembly) => IlCalls.Callers(assembly, IsImplicitScalar);

    static bool IsImplicitScalar(MethodBase callee) => callee is { Name: "op_Implicit" } && callee.DeclaringType == typeof(Scalar);
}
