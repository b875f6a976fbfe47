using MessagePack;

namespace Crossfold.Core.Training;

/// <summary>
/// What one training epoch of one fold achieved. The validation numbers are on the validation set carved
/// out of the fold's training part: early stopping and best-epoch restoring choose on them (NaN without a
/// validation set). The test numbers are on the fold's test part after this epoch, for learning curves
/// only: training never reads them (NaN where no test part is evaluated per epoch, e.g. a refit).
/// </summary>
[MessagePackObject]
public sealed record EpochMetrics(
    [property: Key(0)] int Epoch,
    [property: Key(1)] double TrainLoss,
    [property: Key(2)] double TrainAccuracy,
    [property: Key(3)] double TestLoss,
    [property: Key(4)] double TestAccuracy,
    [property: Key(5)] double Seconds,
    [property: Key(6)] double ImagesPerSecond,
    [property: Key(7)] double ValidationLoss = double.NaN,
    [property: Key(8)] double ValidationAccuracy = double.NaN);

/// <summary>Accuracy, mean cross-entropy loss and the confusion matrix (row = true class, column = predicted) of a model on a set of images.</summary>
[MessagePackObject]
public sealed record Evaluation(
    [property: Key(0)] double Accuracy,
    [property: Key(1)] double Loss,
    [property: Key(2)] int[] Confusion,
    [property: Key(3)] int Classes)
{
    [IgnoreMember]
    public int Count => Confusion.Sum();
    [IgnoreMember]
    public int this[int actual, int predicted] => Confusion[actual * Classes + predicted];
}
