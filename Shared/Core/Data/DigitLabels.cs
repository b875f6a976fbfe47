namespace Crossfold.Core.Data;

/// <summary>The one label space Crossfold knows: the ten digits, 0..9.</summary>
internal static class DigitLabels
{
    public const int Classes = 10;

    /// <summary>Rejects any label outside 0..9, naming the file and the first offending index.</summary>
    public static void Check(ReadOnlySpan<byte> labels, string file)
    {
        // IndexOfAnyExceptInRange is vectorised: 60,000 labels cost nothing.
        int bad = labels.IndexOfAnyExceptInRange((byte)0, (byte)(Classes - 1));
        if (bad >= 0) throw OutOfRange(file, labels[bad].ToString(), bad);
    }

    public static DatasetException OutOfRange(string file, string value, long index) =>
        new(file, $"label {value} at index {index} is not a digit 0-9 (Crossfold classifies the ten digits)");
}
