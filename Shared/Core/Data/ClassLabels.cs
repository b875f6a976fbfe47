namespace Crossfold.Core.Data;

/// <summary>
/// Labels are class indices held in one byte each, so a dataset has at most <see cref="Max"/> classes; how many it has
/// is read from its labels (the largest plus one) unless the sweep names its classes.
/// </summary>
public static class ClassLabels
{
    /// <summary>The most classes a byte label can tell apart.</summary>
    public const int Max = 256;

    /// <summary>The classes <paramref name="labels"/> need: the largest label plus one (0 for none).</summary>
    public static int Needed(ReadOnlySpan<byte> labels)
    {
        int max = -1;
        foreach (byte label in labels) max = Math.Max(max, label);
        return max + 1;
    }

    internal static DatasetException OutOfRange(string file, string value, long index) =>
        new(file, $"label {value} at index {index} is not a class index 0-{Max - 1} (labels are whole numbers, one byte each)");
}
