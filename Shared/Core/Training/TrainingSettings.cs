using MessagePack;

namespace Crossfold.Core.Training;

/// <summary>The optimizers a trial can train with (Keras defaults for their constants).</summary>
public enum OptimizerKind
{
    Adam = 0,
    RmsProp = 1,
    /// <summary>Stochastic gradient descent with momentum (<see cref="TrainingSettings.Momentum"/>).</summary>
    Sgd = 2,
}

/// <summary>How the learning rate changes over a fold's training (on top of any warm-up); see <see cref="LearningRateSchedule"/>.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>The learning rate throughout (the seed notebook's).</summary>
    Constant = 0,
    /// <summary>Multiplied by <see cref="TrainingSettings.LearningRateGamma"/> every <see cref="TrainingSettings.LearningRateStepEpochs"/> epochs.</summary>
    Step = 1,
    /// <summary>Cosine annealing from the learning rate to 0 over all planned batches.</summary>
    Cosine = 2,
    /// <summary>One-cycle (Smith &amp; Topin), as PyTorch's OneCycleLR with its defaults: up from lr/25 over the first 30 % of batches, then down to lr/250,000.</summary>
    OneCycle = 3,
}

/// <summary>The arithmetic a fold trains in.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32 (the seed notebook's, and the default).</summary>
    Float32 = 0,
    /// <summary>
    /// bfloat16 autocast: convolutions and dense layers compute in bfloat16, weights, optimizer and loss stay
    /// float32. About twice as fast on CPUs with AVX-512 BF16 or AMX; accuracy is checked in BENCHMARKS.md.
    /// </summary>
    BFloat16 = 1,
}

/// <summary>
/// How one fold is trained: the hyperparameters of a trial. Device and threads are not here: they belong
/// to the worker slot. Null settings mean their default, which <see cref="ValidationFraction"/>,
/// <see cref="KerasBatchNormMomentum"/> and <see cref="BatchNormEpsilonValue"/> resolve.
/// </summary>
/// <param name="EarlyStoppingPatience">Epochs without a lower validation loss after which a fold stops; 0 trains every epoch.</param>
/// <param name="RestoreBestWeights">With early stopping, end with the weights of the epoch of lowest validation loss.</param>
/// <param name="ValidationSplit">
/// The share of each fold's training part held out as its validation set (what early stopping and
/// restoring choose on); null for the default: 0.1 with early stopping, else 0.
/// </param>
/// <param name="BatchNormMomentum">Keras's batch-norm momentum (moving = momentum · moving + (1 - momentum) · batch); null for Keras's 0.99.</param>
/// <param name="BatchNormEpsilon">Batch-norm epsilon; null for Keras's 0.001.</param>
/// <param name="LearningRateSchedule">How the learning rate changes over training (sweep file <c>lr_schedule</c>).</param>
/// <param name="LearningRateStepEpochs">The step schedule's period in epochs (<c>lr_step_epochs</c>).</param>
/// <param name="LearningRateGamma">The step schedule's factor (<c>lr_gamma</c>).</param>
/// <param name="WarmupEpochs">Epochs over which the learning rate rises linearly, batch by batch, from near 0 (<c>warmup_epochs</c>).</param>
/// <param name="LabelSmoothing">Share of each training label spread evenly over all classes (<c>label_smoothing</c>); evaluation losses stay plain cross-entropy.</param>
/// <param name="GradientClip">Largest L2 norm of all gradients together before a step; 0 = no clipping (<c>gradient_clip</c>).</param>
/// <param name="Nesterov">SGD with Nesterov momentum (<c>nesterov</c>).</param>
/// <param name="AugmentCutout">Side of the square cutout zeroes in every training image, 0 = none (<c>augment: {cutout: N}</c>).</param>
/// <param name="Mixup">Mixup's Beta(α, α) parameter α in (0, 1]: each training batch blends with a shuffled copy of itself, labels too; 0 = off (<c>augment: {mixup: α}</c>).</param>
/// <param name="CutMix">CutMix's α in (0, 1]: each training batch gets a box pasted from a shuffled copy, labels weighted by area; 0 = off (<c>augment: {cutmix: α}</c>).</param>
/// <param name="AugmentRotate">Largest rotation of a training image in degrees, drawn uniformly from [-D, D]; 0 = none (<c>augment: {rotate: D}</c>).</param>
/// <param name="AugmentScale">Zoom of a training image drawn uniformly from [1 - s, 1 + s]; 0 = none (<c>augment: {scale: s}</c>).</param>
/// <param name="AugmentTranslate">Largest sub-pixel translation of a training image as a share of its width and height; 0 = none (<c>augment: {translate: t}</c>).</param>
/// <param name="AugmentElastic">Elastic distortion's α in pixels (Simard et al. 2003: 34 for MNIST); 0 = none (<c>augment: {elastic: α}</c>).</param>
/// <param name="AugmentElasticSigma">Elastic distortion's smoothing σ in pixels; null for <see cref="DefaultElasticSigma"/> (<c>augment: {elastic_sigma: σ}</c>).</param>
[MessagePackObject]
public sealed record TrainingSettings(
    [property: Key(0)] int Epochs = 10,
    [property: Key(1)] int BatchSize = 100,
    [property: Key(2)] OptimizerKind Optimizer = OptimizerKind.Adam,
    [property: Key(3)] double LearningRate = 0.001,
    [property: Key(4)] double Momentum = 0.9,
    [property: Key(5)] double WeightDecay = 0,
    [property: Key(6)] int EarlyStoppingPatience = 0,
    [property: Key(7)] bool RestoreBestWeights = true,
    [property: Key(8)] int AugmentShift = 0,
    [property: Key(9)] TrainingPrecision Precision = TrainingPrecision.Float32,
    [property: Key(10)] double? ValidationSplit = null,
    [property: Key(11)] double? BatchNormMomentum = null,
    [property: Key(12)] double? BatchNormEpsilon = null,
    [property: Key(13)] LearningRateScheduleKind LearningRateSchedule = LearningRateScheduleKind.Constant,
    [property: Key(14)] int LearningRateStepEpochs = 10,
    [property: Key(15)] double LearningRateGamma = 0.1,
    [property: Key(16)] int WarmupEpochs = 0,
    [property: Key(17)] double LabelSmoothing = 0,
    [property: Key(18)] double GradientClip = 0,
    [property: Key(19)] bool Nesterov = false,
    [property: Key(20)] int AugmentCutout = 0,
    [property: Key(21)] double Mixup = 0,
    [property: Key(22)] double CutMix = 0,
    [property: Key(23)] double AugmentRotate = 0,
    [property: Key(24)] double AugmentScale = 0,
    [property: Key(25)] double AugmentTranslate = 0,
    [property: Key(26)] double AugmentElastic = 0,
    [property: Key(27)] double? AugmentElasticSigma = null)
{
    /// <summary>Simard et al.'s smoothing σ for MNIST digits, used when a sweep sets elastic distortion without a σ.</summary>
    public const double DefaultElasticSigma = 4;

    /// <summary>Elastic distortion's smoothing σ in pixels.</summary>
    [IgnoreMember]
    public double ElasticSigma => AugmentElasticSigma ?? DefaultElasticSigma;

    /// <summary>Whether training images are resampled: any of rotation, zoom, translation or elastic distortion is on.</summary>
    [IgnoreMember]
    public bool Warps => AugmentRotate > 0 || AugmentScale > 0 || AugmentTranslate > 0 || AugmentElastic > 0;

    /// <summary>The validation share used when a sweep sets none and early stopping is on.</summary>
    public const double DefaultValidationSplit = 0.1;

    /// <summary>Keras's BatchNormalization defaults, which every batch-norm layer uses unless a sweep says otherwise.</summary>
    public const double KerasDefaultBatchNormMomentum = 0.99, KerasDefaultBatchNormEpsilon = 1e-3;

    /// <summary>
    /// The share of a fold's training part held out for validation: <see cref="ValidationSplit"/>, or by
    /// default <see cref="DefaultValidationSplit"/> when early stopping (and with it best-weight restoring)
    /// is on, else 0 (all of the training part trains).
    /// </summary>
    [IgnoreMember]
    public double ValidationFraction => ValidationSplit ?? (EarlyStoppingPatience > 0 ? DefaultValidationSplit : 0);

    /// <summary>Batch-norm momentum in Keras's terms (PyTorch's is 1 minus it).</summary>
    [IgnoreMember]
    public double KerasBatchNormMomentum => BatchNormMomentum ?? KerasDefaultBatchNormMomentum;

    /// <summary>Batch-norm epsilon.</summary>
    [IgnoreMember]
    public double BatchNormEpsilonValue => BatchNormEpsilon ?? KerasDefaultBatchNormEpsilon;

    /// <summary>
    /// Why these settings cannot train a fold as asked, with the sweep-file key at fault, or null: early stopping needs a
    /// validation split to choose on (the test fold never chooses), and Nesterov momentum belongs to SGD with momentum.
    /// </summary>
    public (string Field, string Message)? Problem() =>
        EarlyStoppingPatience > 0 && ValidationFraction == 0
            ? ("validation_split", "early stopping needs a validation split to choose its epoch on (validation_split above 0); the test fold never chooses")
        : Nesterov && (Optimizer != OptimizerKind.Sgd || Momentum == 0)
            ? ("nesterov", $"nesterov needs optimizer sgd with momentum above 0, not {OptimizerName(Optimizer)}{(Optimizer == OptimizerKind.Sgd ? " with momentum 0" : "")}")
        : null;

    /// <summary>The sweep-file name of a learning-rate schedule, e.g. "one_cycle".</summary>
    public static string ScheduleName(LearningRateScheduleKind kind) => kind switch
    {
        LearningRateScheduleKind.Constant => "constant",
        LearningRateScheduleKind.Step => "step",
        LearningRateScheduleKind.Cosine => "cosine",
        LearningRateScheduleKind.OneCycle => "one_cycle",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam => "adam",
        OptimizerKind.RmsProp => "rmsprop",
        OptimizerKind.Sgd => "sgd",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The sweep-file name of a precision: "float32" or "bfloat16".</summary>
    public static string PrecisionName(TrainingPrecision precision) => precision switch
    {
        TrainingPrecision.Float32 => "float32",
        TrainingPrecision.BFloat16 => "bfloat16",
        _ => precision.ToString().ToLowerInvariant(),
    };
}
