namespace Crossfold.Core.Training;

/// <summary>Counts predictions into a confusion matrix: row-major, classes x classes, row = true class, column = predicted.</summary>
public static class ConfusionMatrix
{
    /// <summary>Adds each (actual[i], predicted[i]) pair to <paramref name="matrix"/>; returns how many were correct.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, or a class is outside 0..classes-1.</exception>
    public static int Add(int[] matrix, int classes, ReadOnlySpan<byte> actual, ReadOnlySpan<long> predicted)
    {
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"{actual.Length} true classes but {predicted.Length} predictions", nameof(predicted));
        if (matrix.Length != classes * classes)
            throw new ArgumentException($"a matrix of {classes} classes holds {classes * classes} counts, not {matrix.Length}", nameof(matrix));
        int correct = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i] >= classes || (ulong)predicted[i] >= (ulong)classes)
                throw new ArgumentException($"pair {i} ({actual[i]}, {predicted[i]}) is outside the {classes} classes");
            matrix[actual[i] * classes + (int)predicted[i]]++;
            if (actual[i] == predicted[i]) correct++;
        }
        return correct;
    }

    /// <summary>The confusion matrix of <paramref name="predicted"/> against <paramref name="actual"/>.</summary>
    public static int[] Of(ReadOnlySpan<byte> actual, ReadOnlySpan<long> predicted, int classes)
    {
        var matrix = new int[classes * classes];
        Add(matrix, classes, actual, predicted);
        return matrix;
    }
}
