using System.Buffers.Binary;
using System.Text;

namespace Crossfold.Core.Data;

/// <summary>
/// The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0): the magic "\x93NUMPY", the
/// version, the header length, then a Python dict literal with 'descr', 'fortran_order' and 'shape'.
/// After reading it, the reader stands at the first data byte.
/// </summary>
internal sealed record NpyHeader(NpyDtype? Dtype, object? Descr, bool FortranOrder, long[] Shape)
{
    /// <summary>The six bytes every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The number of elements the shape holds (1 for a scalar's empty shape), long.MaxValue if beyond that.</summary>
    public long ElementCount
    {
        get
        {
            if (Shape.Contains(0)) return 0;
            long product = 1;
            foreach (long d in Shape)
            {
                if (product > long.MaxValue / d) return long.MaxValue;
                product *= d;
            }
            return product;
        }
    }

    /// <summary>The shape as NumPy prints it: (60000, 28, 28) or (5,).</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>
    /// The dtype as the header wrote it, for messages, when it is a simple dtype such as '&lt;f4'; anything
    /// else is described, not quoted, so no arbitrary header text reaches a message.
    /// </summary>
    public string DescrText => (Dtype, Descr) switch
    {
        (NpyDtype dtype, _) => $"'{dtype.Descr}'",
        (_, string) => "(unrecognised)",
        _ => "a structured dtype",
    };

    // What numpy.save writes: messages show this rather than the header they got, which is never quoted.
    const string Example = "{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }";

    public static NpyHeader Read(ContentReader reader)
    {
        Span<byte> start = stackalloc byte[8];
        reader.ReadExactly(start);
        if (!start[..6].SequenceEqual(Magic)) throw reader.Error("not a NumPy .npy file (it does not start with \\x93NUMPY)");
        byte major = start[6], minor = start[7];
        if (major is < 1 or > 3)
            throw reader.Error($".npy format version {major}.{minor} is not supported (only 1.0, 2.0 and 3.0)");

        // Version 1 stores the header length in 2 bytes, later versions in 4; version 3 allows UTF-8.
        Span<byte> length = stackalloc byte[4];
        reader.ReadExactly(length[..(major == 1 ? 2 : 4)]);
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(length) : BinaryPrimitives.ReadUInt32LittleEndian(length);
        if (headerLength > 1 << 20) throw reader.Error($"its .npy header claims {headerLength} bytes, not a plausible header");
        var headerBytes = new byte[headerLength];
        reader.ReadExactly(headerBytes);
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return Parse(text, reader);
    }

    static NpyHeader Parse(string text, ContentReader reader)
    {
        object? literal;
        try { literal = PythonLiteral.Parse(text); }
        catch (FormatException e) { throw reader.Error($"its .npy header is not a valid Python dict ({e.Message}); expected e.g. {Example}"); }
        if (literal is not Dictionary<string, object?> dict) throw reader.Error($"its .npy header is not a dict; expected e.g. {Example}");

        if (!dict.TryGetValue("descr", out object? descr)) throw reader.Error("its .npy header has no 'descr'");
        if (!dict.TryGetValue("fortran_order", out object? fortran) || fortran is not bool fortranOrder)
            throw reader.Error("its .npy header has no 'fortran_order' True/False");
        if (!dict.TryGetValue("shape", out object? shapeValue) || shapeValue is not List<object?> shapeItems
            || shapeItems.Any(d => d is not long n || n < 0))
            throw reader.Error($"its .npy header has no valid 'shape' tuple of non-negative integers; expected e.g. {Example}");
        long[] shape = shapeItems.Select(d => (long)d!).ToArray();
        return new NpyHeader(NpyDtype.Parse(descr), descr, fortranOrder, shape);
    }
}
