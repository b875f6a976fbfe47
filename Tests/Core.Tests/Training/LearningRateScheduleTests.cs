using Crossfold.Core.Training;

namespace Crossfold.Tests.Training;

/// <summary>Each learning-rate schedule's factor at known points, worked out by hand from its definition (PyTorch's for one-cycle).</summary>
public sealed class LearningRateScheduleTests
{
    const int Batches = 10;

    static double At(TrainingSettings s, int epoch, int batch) => LearningRateSchedule.Factor(s, epoch, batch, Batches);

    [Fact]
    public void Constant_is_one_throughout()
    {
        var s = new TrainingSettings(Epochs: 3);
        Assert.All(Enumerable.Range(1, 3).SelectMany(e => Enumerable.Range(0, Batches).Select(b => At(s, e, b))), f => Assert.Equal(1, f));
    }

    [Fact]
    public void Step_multiplies_by_gamma_every_n_epochs()
    {
        var s = new TrainingSettings(Epochs: 7, LearningRateSchedule: LearningRateScheduleKind.Step, LearningRateStepEpochs: 3, LearningRateGamma: 0.5);
        Assert.Equal([1, 1, 1, 0.5, 0.5, 0.5, 0.25], Enumerable.Range(1, 7).Select(e => At(s, e, 5)));
    }

    [Fact]
    public void Cosine_falls_from_one_to_zero_over_every_planned_batch()
    {
        var s = new TrainingSettings(Epochs: 2, LearningRateSchedule: LearningRateScheduleKind.Cosine);
        Assert.Equal(1, At(s, 1, 0), 15);
        Assert.Equal(0.5, At(s, 2, 0), 15);                              // step 10 of 20: halfway
        Assert.Equal((1 + Math.Cos(Math.PI * 5 / 20)) / 2, At(s, 1, 5), 14); // the portable cosine agrees with Math.Cos
        Assert.Equal((1 + Math.Cos(Math.PI * 19 / 20)) / 2, At(s, 2, 9), 14);
    }

    [Fact]
    public void One_cycle_rises_from_lr_over_25_to_lr_then_falls_to_lr_over_250000_as_OneCycleLR_does()
    {
        // 100 steps: phase 1 ends at step 0.3 * 100 - 1 = 29, phase 2 at step 99.
        var s = new TrainingSettings(Epochs: 10, LearningRateSchedule: LearningRateScheduleKind.OneCycle);
        Assert.Equal(1.0 / 25, At(s, 1, 0), 15);
        Assert.Equal(1, At(s, 3, 9), 15);                    // step 29: the peak
        Assert.Equal(1.0 / 25 / 1e4, At(s, 10, 9), 15);     // step 99: the end
        double start = 1.0 / 25, progress = 14 / 29.0;      // step 14, in phase 1
        Assert.Equal(1 + (start - 1) / 2 * (1 + Math.Cos(Math.PI * progress)), At(s, 2, 4), 14);
    }

    [Fact]
    public void Warm_up_rises_linearly_batch_by_batch_and_multiplies_the_schedule()
    {
        var s = new TrainingSettings(Epochs: 4, WarmupEpochs: 2, LearningRateSchedule: LearningRateScheduleKind.Step, LearningRateStepEpochs: 1, LearningRateGamma: 0.5);
        Assert.Equal(1.0 / 20, At(s, 1, 0), 15);
        Assert.Equal(0.5 * 15 / 20, At(s, 2, 4), 15);  // step 14 of the 20 warm-up steps, in epoch 2 (gamma once)
        Assert.Equal(0.25, At(s, 3, 0), 15);           // warm-up over
    }
}
