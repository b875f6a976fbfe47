using MessagePack;

namespace Crossfold.Core.Training;

/// <summary>What one training epoch of one fold achieved (validation on the fold's held-out part).</summary>
[MessagePackObject]
public sealed record EpochMetrics(
    [property: Key(0)] int Epoch,
    [property: Key(1)] double TrainLoss,
    [property: Key(2)] double TrainAccuracy,
    [property: Key(3)] double ValidationLoss,
    [property: Key(4)] double ValidationAccuracy,
    [property: Key(5)] double Seconds,
    [property: Key(6)] double ImagesPerSecond);

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
