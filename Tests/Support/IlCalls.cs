using System.Reflection;
using System.Reflection.Emit;

namespace Crossfold.Tests.Support;

/// <summary>
/// Reads the IL of an assembly's methods for the methods they call, so a test can forbid a call
/// (an implicit TorchSharp Scalar, a platform logarithm) everywhere it matters without running every path.
/// </summary>
public static class IlCalls
{
    static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>
    /// "Type.Method" for every method and constructor of the types of <paramref name="assembly"/> that <paramref name="types"/>
    /// accepts (all by default; compiler-generated lambdas and iterators are types of their own) whose IL calls a method
    /// <paramref name="forbidden"/> accepts.
    /// </summary>
    public static IEnumerable<string> Callers(Assembly assembly, Func<MethodBase, bool> forbidden, Func<Type, bool>? types = null)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes().Where(types ?? (_ => true)))
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                if (method.GetMethodBody()?.GetILAsByteArray() is byte[] il && Calls(il, method.Module).Any(c => c is not null && forbidden(c)))
                    yield return $"{type.FullName}.{method.Name}";
    }

    /// <summary>The methods an IL body calls (call, callvirt, newobj), by walking its opcodes; null where a callee cannot be resolved.</summary>
    public static IEnumerable<MethodBase?> Calls(byte[] il, Module module)
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
                catch (ArgumentException) { } // a generic method of a generic context: not one any test forbids
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
