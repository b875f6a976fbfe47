using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace Crossfold.Core.Data;

/// <summary>
/// A simple NumPy dtype from a .npy header's 'descr', e.g. '&lt;f4' or '|u1': kind ('f', 'i', 'u', or
/// anything NumPy writes), size in bytes and byte order. Which dtypes are acceptable is for the reader
/// to say, since images and labels accept different ones.
/// </summary>
internal sealed partial record NpyDtype(string Descr, char Kind, int Size, bool BigEndian)
{
    /// <summary>Reads a 'descr' value; a structured dtype (a list) or anything unparseable yields null.</summary>
    public static NpyDtype? Parse(object? descr)
    {
        if (descr is not string text) return null;
        Match m = SimpleDescr().Match(text);
        if (!m.Success) return null;
        int size = int.Parse(m.Groups[3].Value);
        // A one-byte type has no byte order, whatever character NumPy wrote for it.
        return new NpyDtype(text, m.Groups[2].Value[0], size, m.Groups[1].Value == ">" && size > 1);
    }

    public bool IsInteger => Kind is 'i' or 'u';
    public bool IsFloat => Kind == 'f';

    /// <summary>True for kind+size in <paramref name="names"/>, written like "u1", "f4".</summary>
    public bool IsOneOf(params string[] names) => names.Contains($"{Kind}{Size}");

    /// <summary>The little-endian element at the start of <paramref name="e"/>, as a double: exact for every integer below 2^53, plenty for labels and 0/1.</summary>
    public double Read(ReadOnlySpan<byte> e) => (Kind, Size) switch
    {
        ('u', 1) => e[0],
        ('i', 1) => (sbyte)e[0],
        ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(e),
        ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(e),
        ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(e),
        ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(e),
        ('u', 8) => BinaryPrimitives.ReadUInt64LittleEndian(e),
        ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(e),
        ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(e),
        ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(e),
        _ => throw new NotSupportedException($"dtype {Descr}"),
    };

    [GeneratedRegex(@"^([<>|=])([a-zA-Z])(\d+)$")]
    private static partial Regex SimpleDescr();
}
