using System.Globalization;
using Crossfold.Core.Text;
using Crossfold.Core.Training;

namespace Crossfold.Core.Sweeps;

/// <summary>
/// The training settings a sweep can vary, by their sweep-file names, with what each accepts: one
/// place for the rules, so <c>training:</c>, the <c>hyperparameters:</c> grid and the plan agree.
/// </summary>
public static class HyperparameterRules
{
    private delegate TrainingSettings? Applier(TrainingSettings settings, string value);

    private sealed record Rule(string Expected, Applier Apply);

    // An array, not a dictionary initialiser, so the documented order of Names is guaranteed.
    private static readonly (string Name, Rule Rule)[] Table =
    [
        ("epochs", new("a positive integer", (s, v) => Integer(v, 1, int.MaxValue) is int n ? s with { Epochs = n } : null)),
        ("batch_size", new("a positive integer", (s, v) => Integer(v, 1, int.MaxValue) is int n ? s with { BatchSize = n } : null)),
        ("optimizer", new("one of adam, rmsprop, sgd", (s, v) => Optimizer(v) is OptimizerKind o ? s with { Optimizer = o } : null)),
        ("learning_rate", new("a positive number", (s, v) => Number(v) is double x && x > 0 ? s with { LearningRate = x } : null)),
        ("momentum", new("a number in [0, 1)", (s, v) => Number(v) is double x && x >= 0 && x < 1 ? s with { Momentum = x } : null)),
        ("weight_decay", new("a non-negative number", (s, v) => Number(v) is double x && x >= 0 ? s with { WeightDecay = x } : null)),
        // Patience in epochs without improvement of the validation loss; 0 trains every epoch.
        ("early_stopping", new("a non-negative integer (patience in epochs, 0 = off)",
            (s, v) => Integer(v, 0, int.MaxValue) is int n ? s with { EarlyStoppingPatience = n } : null)),
        // Shifts beyond 4 pixels push MNIST digits (about 20x20 in a 28x28 frame) off the image.
        ("augment_shift", new("an integer from 0 to 4", (s, v) => Integer(v, 0, 4) is int n ? s with { AugmentShift = n } : null)),
        // Last, so grids and docs written before it keep their order.
        ("precision", new("float32 or bfloat16", (s, v) => Precision(v) is TrainingPrecision p ? s with { Precision = p } : null)),
        // The share of each fold's training part held out to choose the epoch on; the test fold never is.
        ("validation_split", new("a number in [0, 1)", (s, v) => Number(v) is double x && x >= 0 && x < 1 ? s with { ValidationSplit = x } : null)),
        // In Keras's terms: moving = momentum * moving + (1 - momentum) * batch.
        ("batch_norm_momentum", new("a number in [0, 1)", (s, v) => Number(v) is double x && x >= 0 && x < 1 ? s with { BatchNormMomentum = x } : null)),
        ("batch_norm_epsilon", new("a positive number", (s, v) => Number(v) is double x && x > 0 ? s with { BatchNormEpsilon = x } : null)),
        ("lr_schedule", new("one of constant, step, cosine, one_cycle",
            (s, v) => Schedule(v) is LearningRateScheduleKind k ? s with { LearningRateSchedule = k } : null)),
        ("lr_step_epochs", new("a positive integer", (s, v) => Integer(v, 1, int.MaxValue) is int n ? s with { LearningRateStepEpochs = n } : null)),
        ("lr_gamma", new("a number in (0, 1]", (s, v) => Number(v) is double x && x > 0 && x <= 1 ? s with { LearningRateGamma = x } : null)),
        ("warmup_epochs", new("a non-negative integer", (s, v) => Integer(v, 0, int.MaxValue) is int n ? s with { WarmupEpochs = n } : null)),
        ("label_smoothing", new("a number in [0, 1)", (s, v) => Number(v) is double x && x >= 0 && x < 1 ? s with { LabelSmoothing = x } : null)),
        ("gradient_clip", new("a non-negative number (the largest gradient norm, 0 = off)",
            (s, v) => Number(v) is double x && x >= 0 ? s with { GradientClip = x } : null)),
        ("nesterov", new("true or false", (s, v) => bool.TryParse(v, out bool b) ? s with { Nesterov = b } : null)),
        // Half a 28x28 digit at most: a larger square leaves too little of the digit to learn from.
        ("augment_cutout", new("an integer from 0 to 16", (s, v) => Integer(v, 0, 16) is int n ? s with { AugmentCutout = n } : null)),
        // Beta(α, α) with α above 1 would need a sampler beyond Jöhnk's (see MixingRatio); the papers use 0.2 to 1.
        ("augment_mixup", new("a number from 0 (off) to 1 (the α of Beta(α, α))", (s, v) => Number(v) is double x && x >= 0 && x <= 1 ? s with { Mixup = x } : null)),
        ("augment_cutmix", new("a number from 0 (off) to 1 (the α of Beta(α, α))", (s, v) => Number(v) is double x && x >= 0 && x <= 1 ? s with { CutMix = x } : null)),
        // Beyond these a digit turns upside down, shrinks to a blot, or leaves the frame: the label no longer fits the image.
        ("augment_rotate", new("a number of degrees from 0 to 180", (s, v) => Number(v) is double x && x >= 0 && x <= 180 ? s with { AugmentRotate = x } : null)),
        ("augment_scale", new("a number from 0 to 0.5 (zoom drawn from [1 - s, 1 + s])", (s, v) => Number(v) is double x && x >= 0 && x <= 0.5 ? s with { AugmentScale = x } : null)),
        ("augment_translate", new("a number from 0 to 0.5 (the largest shift as a share of the image's size)",
            (s, v) => Number(v) is double x && x >= 0 && x <= 0.5 ? s with { AugmentTranslate = x } : null)),
        ("augment_elastic", new("a number from 0 (off) to 100 (elastic distortion's α in pixels)",
            (s, v) => Number(v) is double x && x >= 0 && x <= 100 ? s with { AugmentElastic = x } : null)),
        // Below 1 pixel the field is nearly white noise (Simard et al.: "random"); above 10 it is a near-uniform shift of a 28x28 image.
        ("augment_elastic_sigma", new("a number from 1 to 10 (the smoothing σ in pixels)",
            (s, v) => Number(v) is double x && x >= 1 && x <= 10 ? s with { AugmentElasticSigma = x } : null)),
    ];

    private static readonly Dictionary<string, Rule> Rules = Table.ToDictionary(t => t.Name, t => t.Rule, StringComparer.Ordinal);

    /// <summary>The names a <c>hyperparameters:</c> grid may use, in the order the sweep-file docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>What a value of <paramref name="name"/> must be, for messages, e.g. "a positive integer".</summary>
    public static string Expected(string name) => Rules.TryGetValue(name, out Rule? rule) ? rule.Expected : "a known hyperparameter";

    /// <summary>
    /// <paramref name="settings"/> with hyperparameter <paramref name="name"/> set to <paramref name="value"/>
    /// (as the sweep file wrote it), or false and the problem, e.g. "expected a positive integer, got 'ten'".
    /// </summary>
    public static bool TryApply(TrainingSettings settings, string name, string value, out TrainingSettings result, out string problem)
    {
        result = settings;
        if (!Rules.TryGetValue(name, out Rule? rule))
        {
            problem = $"unknown hyperparameter '{name}'{DidYouMean.Hint(name, Names)} (known: {string.Join(", ", Names)})";
            return false;
        }
        if (rule.Apply(settings, value.Trim()) is TrainingSettings applied)
        {
            result = applied;
            problem = "";
            return true;
        }
        string hint = name switch
        {
            "optimizer" => DidYouMean.Hint(value, OptimizerNames),
            "lr_schedule" => DidYouMean.Hint(value, ScheduleNames),
            _ => "",
        };
        problem = $"expected {rule.Expected}, got '{value}'{hint}";
        return false;
    }

    /// <summary>Like <see cref="TryApply"/>, for values already validated by the parser: a bad one here is bad input all the same.</summary>
    /// <exception cref="InputException">The value is not valid for the hyperparameter.</exception>
    public static TrainingSettings Apply(TrainingSettings settings, string name, string value) =>
        TryApply(settings, name, value, out var result, out string problem) ? result : throw new InputException($"{name}: {problem}") { Field = $"hyperparameters.{name}" };

    private static readonly string[] ScheduleNames = Enum.GetValues<LearningRateScheduleKind>().Select(TrainingSettings.ScheduleName).ToArray();

    private static readonly string[] OptimizerNames = Enum.GetValues<OptimizerKind>().Select(TrainingSettings.OptimizerName).ToArray();

    private static OptimizerKind? Optimizer(string value) =>
        Enum.GetValues<OptimizerKind>().Select(k => (OptimizerKind?)k)
            .FirstOrDefault(k => string.Equals(TrainingSettings.OptimizerName(k!.Value), value, StringComparison.OrdinalIgnoreCase));

    private static LearningRateScheduleKind? Schedule(string value) =>
        Enum.GetValues<LearningRateScheduleKind>().Select(k => (LearningRateScheduleKind?)k)
            .FirstOrDefault(k => string.Equals(TrainingSettings.ScheduleName(k!.Value), value, StringComparison.OrdinalIgnoreCase));

    private static TrainingPrecision? Precision(string value) =>
        Enum.GetValues<TrainingPrecision>().Select(p => (TrainingPrecision?)p)
            .FirstOrDefault(p => string.Equals(TrainingSettings.PrecisionName(p!.Value), value, StringComparison.OrdinalIgnoreCase));

    private static int? Integer(string value, int min, int max) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max ? (int)n : null;

    private static double? Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) ? x : null;
}
