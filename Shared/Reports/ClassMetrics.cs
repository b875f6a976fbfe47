namespace Crossfold.Reports;

/// <summary>
/// Precision, recall and F1 of one class, read off a confusion matrix (row = true class, column = predicted).
/// </summary>
/// <param name="Class">The class index (the digit, for MNIST).</param>
/// <param name="Support">Images whose true class this is: the row sum.</param>
/// <param name="Predicted">Images predicted as this class: the column sum.</param>
/// <param name="Correct">Images of this class predicted as this class: the diagonal cell.</param>
/// <param name="Precision">Correct / Predicted; 0 when nothing was predicted as this class.</param>
/// <param name="Recall">Correct / Support; 0 when the class has no images.</param>
/// <param name="F1">The harmonic mean of precision and recall; 0 when both are 0.</param>
public sealed record ClassScore(int Class, int Support, int Predicted, int Correct, double Precision, double Recall, double F1);

/// <summary>
/// A classification report over a (summed) confusion matrix: per-class scores, their unweighted (macro)
/// means and the pooled accuracy.
/// </summary>
/// <param name="Classes">One score per class, in class order.</param>
/// <param name="MacroPrecision">Mean precision over the classes that occur (as true or predicted class).</param>
/// <param name="MacroRecall">Mean recall over those classes.</param>
/// <param name="MacroF1">Mean F1 over those classes (the mean of per-class F1, not the F1 of the means).</param>
/// <param name="Total">Images counted in the matrix.</param>
/// <param name="Accuracy">Trace / total: the accuracy over all images pooled, which weighs folds by their size.</param>
public sealed record ClassificationReport(
    IReadOnlyList<ClassScore> Classes, double MacroPrecision, double MacroRecall, double MacroF1, int Total, double Accuracy);

/// <summary>Per-class metrics from a confusion matrix, computed as scikit-learn's classification_report does.</summary>
public static class ClassMetrics
{
    /// <summary>
    /// Scores every class of the row-major <paramref name="confusion"/> matrix (classes x classes, row = true
    /// class). A ratio with nothing to divide by counts as 0 (scikit-learn's zero_division default); a class
    /// that occurs neither as true nor as predicted class is listed but left out of the macro means.
    /// Returns null when the matrix counts no image (e.g. folds that sent no confusion matrix).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix does not hold classes x classes counts, or a count is negative.</exception>
    public static ClassificationReport? Compute(IReadOnlyList<int> confusion, int classes)
    {
        if (classes < 1 || confusion.Count != classes * classes)
            throw new ArgumentException($"a confusion matrix of {classes} classes needs {classes * classes} counts, not {confusion.Count}", nameof(confusion));
        if (confusion.Any(c => c < 0))
            throw new ArgumentException("a confusion matrix cannot hold negative counts", nameof(confusion));

        int total = 0, trace = 0;
        var scores = new ClassScore[classes];
        for (int c = 0; c < classes; c++)
        {
            int support = 0, predicted = 0;
            for (int other = 0; other < classes; other++)
            {
                support += confusion[c * classes + other];
                predicted += confusion[other * classes + c];
            }
            int correct = confusion[c * classes + c];
            double precision = Ratio(correct, predicted), recall = Ratio(correct, support);
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            scores[c] = new ClassScore(c, support, predicted, correct, precision, recall, f1);
            total += support;
            trace += correct;
        }
        if (total == 0) return null;

        var present = scores.Where(s => s.Support > 0 || s.Predicted > 0).ToList();
        return new ClassificationReport(scores,
            present.Average(s => s.Precision), present.Average(s => s.Recall), present.Average(s => s.F1),
            total, trace / (double)total);
    }

    static double Ratio(int numerator, int denominator) => denominator > 0 ? numerator / (double)denominator : 0;
}
