using Crossfold.Core.Training;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Core.Sweeps.Parsing;

/// <summary>Reads <c>training:</c>, the settings every trial starts from before its hyperparameters apply.</summary>
internal static class TrainingSection
{
    private const string Path = "training";
    private static readonly string[] Plain = ["epochs", "batch_size", "optimizer", "learning_rate", "momentum", "weight_decay", "precision", "validation_split",
        "lr_schedule", "lr_step_epochs", "lr_gamma", "warmup_epochs", "label_smoothing", "gradient_clip", "nesterov"];
    private static readonly string[] Keys = [.. Plain, "early_stopping", "augment", "batch_norm"];

    // Each is also a hyperparameter named augment_KEY.
    private static readonly string[] AugmentKeys = ["shift", "cutout", "mixup", "cutmix", "rotate", "scale", "translate", "elastic", "elastic_sigma"];

    /// <summary>The settings, and whether the file named an optimizer (which then overrides the presets' own).</summary>
    public static (TrainingSettings Settings, bool ExplicitOptimizer)? Read(SweepReader r, YamlNode? node)
    {
        var settings = new TrainingSettings();
        if (node is null) return (settings, false);
        if (r.Fields(Path, node, Keys) is not { } f) return null;

        int errorsBefore = r.Errors.Count;
        foreach (string key in Plain) Apply(r, f.PathOf(key), f[key], key, ref settings);
        if (f["early_stopping"] is YamlMappingNode stopping && r.Fields(f.PathOf("early_stopping"), stopping, ["patience", "restore_best_weights"]) is { } es)
        {
            if (es["patience"] is { } patience) Apply(r, es.PathOf("patience"), patience, "early_stopping", ref settings);
            else r.Error(es.PathOf("patience"), stopping, $"required: {HyperparameterRules.Expected("early_stopping")}");
            if (es["restore_best_weights"] is { } restore && r.Boolean(es.PathOf("restore_best_weights"), restore) is bool b)
                settings = settings with { RestoreBestWeights = b };
        }
        else Apply(r, f.PathOf("early_stopping"), f["early_stopping"], "early_stopping", ref settings);
        if (f["augment"] is { } augment && r.Fields(f.PathOf("augment"), augment, AugmentKeys, "a mapping like {shift: 2, cutout: 8, mixup: 0.2}") is { } a)
            foreach (string key in AugmentKeys) Apply(r, a.PathOf(key), a[key], "augment_" + key, ref settings);
        if (f["batch_norm"] is { } batchNorm && r.Fields(f.PathOf("batch_norm"), batchNorm, ["momentum", "epsilon"], "a mapping like {momentum: 0.99, epsilon: 0.001}") is { } bn)
        {
            Apply(r, bn.PathOf("momentum"), bn["momentum"], "batch_norm_momentum", ref settings);
            Apply(r, bn.PathOf("epsilon"), bn["epsilon"], "batch_norm_epsilon", ref settings);
        }
        // Checked here when the file says so, so the message points at a line; a grid's combinations are checked by the plan,
        // and so is nesterov, whose optimizer may come from each architecture's preset.
        if (r.Errors.Count == errorsBefore && settings.Problem() is ("validation_split", var problem))
            r.Error(f.PathOf("validation_split"), f["validation_split"] ?? f.Where("early_stopping"), problem);

        return r.Errors.Count > errorsBefore ? null : (settings, f["optimizer"] is not null);
    }

    /// <summary>Sets one field through the same rule the hyperparameter grid uses, so both accept the same values.</summary>
    private static void Apply(SweepReader r, string path, YamlNode? node, string name, ref TrainingSettings settings)
    {
        if (node is null || r.Scalar(path, node, HyperparameterRules.Expected(name)) is not string text) return;
        if (HyperparameterRules.TryApply(settings, name, text, out var applied, out string problem)) settings = applied;
        else r.Error(path, node, problem);
    }
}
