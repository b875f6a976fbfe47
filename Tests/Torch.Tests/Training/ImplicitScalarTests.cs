using System.Reflection;
using System.Reflection.Emit;
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
    static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

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

    static IEnumerable<string> ImplicitScalarCalls(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                if (method.GetMethodBody()?.GetILAsByteArray() is byte[] il && Calls(il, method.Module).Any(IsImplicitScalar))
                    yield return $"{type.FullName}.{method.Name}";
    }

    static bool IsImplicitScalar(MethodBase? callee) => callee is { Name: "op_Implicit" } && callee.DeclaringType == typeof(Scalar);

    /// <summary>The methods an IL body calls (call, callvirt, newobj), by walking its opcodes.</summary>
    static IEnumerable<MethodBase?> Calls(byte[] il, Module module)
    {
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            var op = OpCodes[value];
            i += op.Size;
            if (op == System.Reflection.Emit.OpCodes.Call || op == System.Reflection.Emit.OpCodes.Callvirt || op == System.Reflection.Emit.OpCodes.Newobj)
            {
                MethodBase? callee = null;
                try { callee = module.ResolveMethod(BitConverter.ToInt32(il, i)); }
                catch (ArgumentException) { } // a generic method of a generic context: not a Scalar conversion
                yield return callee;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }
}
