using System.Reflection;

namespace Crossfold.Tests.Serialization;

/// <summary>
/// Builds a fully populated instance of any protocol record by calling its widest constructor with
/// non-default sample values, recursively, so a round-trip test covers every field of every message.
/// </summary>
public static class SampleValues
{
    public static object For(Type type, int depth = 0)
    {
        // A guard against recursive types, not a limit on messages: SweepResultsReady reaches a fold gallery image's pixels at depth 9.
        if (depth > 10) throw new InvalidOperationException($"{type} nests too deep");
        if (Nullable.GetUnderlyingType(type) is Type inner) return For(inner, depth + 1);
        if (type == typeof(string)) return "sample-" + depth;
        if (type == typeof(int)) return 7 + depth;
        if (type == typeof(long)) return 1234567890123L;
        if (type == typeof(ulong)) return 0xFEDCBA9876543210UL;
        if (type == typeof(double)) return 0.625;
        if (type == typeof(float)) return 0.25f;
        if (type == typeof(bool)) return true;
        if (type == typeof(byte)) return (byte)3;
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero);
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(values.Length - 1)!;
        }
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var array = Array.CreateInstance(element, 2);
            array.SetValue(For(element, depth + 1), 0);
            array.SetValue(For(element, depth + 1), 1);
            return array;
        }
        // A union member (NumberedSweepEvent's event): the first protocol type that implements it, by name, so the choice is stable.
        if (type.IsInterface)
            return For(Crossfold.Protocol.Serialization.ProtocolTypes.ByManifest.Values.Where(type.IsAssignableFrom).OrderBy(t => t.Name, StringComparer.Ordinal).First(), depth + 1);
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => For(p.ParameterType, depth + 1)).ToArray();
        return constructor.Invoke(arguments);
    }
}
