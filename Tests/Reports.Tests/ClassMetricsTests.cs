using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

public class ClassMetricsTests
{
    // true \ predicted   0  1  2
    //   0                5  1  0    support 6
    //   1                2  3  1    support 6
    //   2                0  0  4    support 4
    // predicted totals   7  4  5    16 images, 12 on the diagonal
    static readonly int[] Matrix = [5, 1, 0, 2, 3, 1, 0, 0, 4];

    [Fact]
    public void Per_class_precision_recall_and_f1_come_from_columns_rows_and_diagonal()
    {
        var report = ClassMetrics.Compute(Matrix, 3)!;

        var (c0, c1, c2) = (report.Classes[0], report.Classes[1], report.Classes[2]);
        Assert.Equal((0, 6, 7, 5), (c0.Class, c0.Support, c0.Predicted, c0.Correct));
        Assert.Equal(5.0 / 7, c0.Precision, 12);
        Assert.Equal(5.0 / 6, c0.Recall, 12);
        Assert.Equal(10.0 / 13, c0.F1, 12);          // 2 TP / (2 TP + FP + FN) = 10 / (10 + 2 + 1)

        Assert.Equal((1, 6, 4, 3), (c1.Class, c1.Support, c1.Predicted, c1.Correct));
        Assert.Equal(0.75, c1.Precision, 12);
        Assert.Equal(0.5, c1.Recall, 12);
        Assert.Equal(0.6, c1.F1, 12);                // 6 / (6 + 1 + 3)

        Assert.Equal((2, 4, 5, 4), (c2.Class, c2.Support, c2.Predicted, c2.Correct));
        Assert.Equal(0.8, c2.Precision, 12);
        Assert.Equal(1.0, c2.Recall, 12);
        Assert.Equal(8.0 / 9, c2.F1, 12);            // 8 / (8 + 1 + 0)
    }

    [Fact]
    public void Macro_averages_are_plain_means_of_the_per_class_values_and_accuracy_is_pooled()
    {
        var report = ClassMetrics.Compute(Matrix, 3)!;

        Assert.Equal((5.0 / 7 + 0.75 + 0.8) / 3, report.MacroPrecision, 12);   // 0.754762
        Assert.Equal((5.0 / 6 + 0.5 + 1.0) / 3, report.MacroRecall, 12);      // 0.777778
        Assert.Equal((10.0 / 13 + 0.6 + 8.0 / 9) / 3, report.MacroF1, 12);    // 0.752707, not the F1 of the macro P and R
        Assert.Equal(16, report.Total);
        Assert.Equal(0.75, report.Accuracy, 12);
    }

    [Fact]
    public void A_class_never_predicted_scores_zero_and_a_class_that_never_occurs_is_left_out_of_the_means()
    {
        // Class 1 is never predicted (precision 0/0 -> 0, as scikit-learn's zero_division default);
        // class 2 occurs neither as true nor as predicted class.
        int[] matrix = [2, 0, 0, 1, 0, 0, 0, 0, 0];
        var report = ClassMetrics.Compute(matrix, 3)!;

        Assert.Equal(2.0 / 3, report.Classes[0].Precision, 12);
        Assert.Equal(1.0, report.Classes[0].Recall, 12);
        Assert.Equal(0.8, report.Classes[0].F1, 12);
        Assert.Equal((0.0, 0.0, 0.0), (report.Classes[1].Precision, report.Classes[1].Recall, report.Classes[1].F1));
        Assert.Equal(0, report.Classes[2].Support);

        Assert.Equal(1.0 / 3, report.MacroPrecision, 12);   // (2/3 + 0) / 2
        Assert.Equal(0.5, report.MacroRecall, 12);
        Assert.Equal(0.4, report.MacroF1, 12);
        Assert.Equal(2.0 / 3, report.Accuracy, 12);
    }

    [Fact]
    public void An_empty_matrix_has_no_report()
    {
        Assert.Null(ClassMetrics.Compute(new int[9], 3));
    }

    [Fact]
    public void A_matrix_of_the_wrong_size_or_with_negative_counts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ClassMetrics.Compute(new int[8], 3));
        Assert.Throws<ArgumentException>(() => ClassMetrics.Compute([1, -1, 0, 1], 2));
    }
}
