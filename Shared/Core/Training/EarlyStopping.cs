namespace Crossfold.Core.Training;

/// <summary>
/// Keras-style early stopping on validation loss: remembers the best epoch and says when
/// <c>patience</c> epochs have passed without improvement. Patience 0 means never stop early.
/// </summary>
public sealed class EarlyStopping(int patience)
{
    public int BestEpoch { get; private set; }
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>Records an epoch's validation loss; true when it is the best so far.</summary>
    public bool Improved(int epoch, double validationLoss)
    {
        if (!(validationLoss < BestLoss)) return false;
        BestLoss = validationLoss;
        BestEpoch = epoch;
        return true;
    }

    /// <summary>True when training should stop after <paramref name="epoch"/>.</summary>
    public bool ShouldStop(int epoch) => patience > 0 && epoch - BestEpoch >= patience;
}
