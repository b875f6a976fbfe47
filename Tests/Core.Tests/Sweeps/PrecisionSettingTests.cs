using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>`precision` in sweep files and on the wire: float32 unless a file asks for bfloat16.</summary>
public class PrecisionSettingTests
{
    [Fact]
    public void Training_precision_defaults_to_float32_and_reads_bfloat16()
    {
        Assert.Equal(TrainingPrecision.Float32, SweepYaml.Definition("architectures: [seed-cnn-2]").Training.Precision);
        Assert.Equal(TrainingPrecision.BFloat16,
            SweepYaml.Definition("architectures: [seed-cnn-2]\ntraining: {precision: bfloat16}").Training.Precision);
        Assert.Equal(TrainingPrecision.BFloat16,
            SweepYaml.Definition("architectures: [seed-cnn-2]\ntraining: {precision: BFloat16}").Training.Precision);
    }

    [Fact]
    public void A_grid_can_compare_the_precisions()
    {
        var definition = SweepYaml.Definition("architectures: [seed-cnn-2]\nhyperparameters: {precision: [float32, bfloat16]}");
        var plan = SweepPlan.Create(definition, "s", "sha256:x", 28, 28);
        Assert.Equal([TrainingPrecision.Float32, TrainingPrecision.BFloat16], plan.Trials.Select(t => t.Training.Precision));
        Assert.Equal("seed-cnn-2 | none | precision=bfloat16", plan.Trials[1].Label);
    }

    [Fact]
    public void An_unknown_precision_is_named_with_the_choices()
    {
        var error = SweepYaml.Error("architectures: [seed-cnn-2]\ntraining: {precision: fp16}");
        Assert.Equal("training.precision", error.Path);
        Assert.Equal("expected float32 or bfloat16, got 'fp16'", error.Message);
    }

    [Fact]
    public void Precision_travels_as_key_9_and_older_settings_read_as_float32()
    {
        var settings = new TrainingSettings(Epochs: 3, Precision: TrainingPrecision.BFloat16);
        Assert.Equal(settings, MessagePack.MessagePackSerializer.Deserialize<TrainingSettings>(MessagePack.MessagePackSerializer.Serialize(settings)));

        // What a coordinator without the key sends: the nine keys 0..8 only.
        var older = MessagePack.MessagePackSerializer.Serialize(new object[] { 3, 100, 0, 0.001, 0.9, 0.0, 0, true, 0 });
        Assert.Equal(TrainingPrecision.Float32, MessagePack.MessagePackSerializer.Deserialize<TrainingSettings>(older).Precision);
    }
}
