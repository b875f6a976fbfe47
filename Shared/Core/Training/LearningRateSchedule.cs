using Crossfold.Core.Randomness;

namespace Crossfold.Core.Training;

/// <summary>
/// The factor a fold's learning rate is multiplied by at each batch: the schedule (<c>lr_schedule</c>) times a linear
/// warm-up over the first <c>warmup_epochs</c>. A pure function of the settings and the batch's position, computed with
/// the portable cosine, so every worker trains with the same rates bit for bit. Early stopping ends training sooner but
/// does not change the schedule, which is laid out over all planned epochs.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>PyTorch OneCycleLR's defaults: the share of batches spent rising, the start (lr / 25) and the end (start / 10,000).</summary>
    public const double OneCyclePctStart = 0.3, OneCycleDivFactor = 25, OneCycleFinalDivFactor = 1e4;

    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="batch">The batch within the epoch, from 0.</param>
    /// <param name="batchesPerEpoch">Batches in every epoch.</param>
    public static double Factor(TrainingSettings settings, int epoch, int batch, int batchesPerEpoch)
    {
        long step = (long)(epoch - 1) * batchesPerEpoch + batch; // from 0
        long total = (long)settings.Epochs * batchesPerEpoch;
        double schedule = settings.LearningRateSchedule switch
        {
            LearningRateScheduleKind.Step => Math.Pow(settings.LearningRateGamma, (epoch - 1) / settings.LearningRateStepEpochs),
            LearningRateScheduleKind.Cosine => (1 + CosPi(step / (double)total)) / 2,
            LearningRateScheduleKind.OneCycle => OneCycle(step, total),
            _ => 1,
        };
        long warmup = (long)settings.WarmupEpochs * batchesPerEpoch;
        return step < warmup ? schedule * (step + 1) / warmup : schedule;
    }

    /// <summary>
    /// PyTorch's OneCycleLR (two phases, cosine annealing): from 1/25 up to 1 over the first 30 % of steps, then down to
    /// 1/250,000 at the last step.
    /// </summary>
    static double OneCycle(long step, long total)
    {
        double start = 1 / OneCycleDivFactor, end = start / OneCycleFinalDivFactor;
        double peakStep = OneCyclePctStart * total - 1, lastStep = total - 1;
        return step <= peakStep
            ? Anneal(start, 1, peakStep <= 0 ? 1 : step / peakStep)
            : Anneal(1, end, lastStep <= peakStep ? 1 : (step - peakStep) / (lastStep - peakStep));
    }

    /// <summary>Cosine interpolation from <paramref name="from"/> (at 0) to <paramref name="to"/> (at 1), as PyTorch's _annealing_cos.</summary>
    static double Anneal(double from, double to, double progress) => to + (from - to) / 2 * (1 + CosPi(progress));

    /// <summary>cos(π x) for x in [0, 1], from the portable series the noise uses.</summary>
    static double CosPi(double x) => PortableMath.SinCosTurns(Math.Clamp(x, 0, 1) / 2).Cos;
}
