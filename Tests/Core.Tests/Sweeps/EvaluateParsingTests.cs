using Crossfold.Core.Architectures;
using Crossfold.Core.Data;
using Crossfold.Core.Folds;
using Crossfold.Core.Noise;
using Crossfold.Core.Sweeps;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary><c>evaluate: {noise: [...]}</c>: parsed like <c>noise:</c>, planned into every fold job with seeds of its own.</summary>
public class EvaluateParsingTests
{
    const string Example = """
        architectures: [seed-mlp-1]
        noise: {kind: gaussian, sigma: [0.25, 0.5]}
        evaluate: {noise: [{kind: none}, {kind: gaussian, sigma: [0.25, 0.5, 0.75]}]}
        """;

    static SweepPlan Plan(SweepDefinition definition) => SweepPlan.Create(definition, "sweep-1", "sha256:abc", 28, 28);

    [Fact]
    public void The_noise_list_expands_like_the_top_level_noise()
    {
        var definition = SweepYaml.Definition(Example);

        Assert.Equal(["none", "gaussian sigma=0.25", "gaussian sigma=0.5", "gaussian sigma=0.75"], definition.EvaluationNoise!.Select(n => n.ToString()));
        Assert.Equal(NoiseRedraw.PerSweep, definition.EvaluationRedraw);
        Assert.Null(SweepYaml.Definition("architectures: [seed-mlp-1]\n").EvaluationNoise);
        Assert.Equal(NoiseRedraw.PerRepeat, SweepYaml.Definition(
            "architectures: [seed-mlp-1]\nevaluate:\n  noise: {kind: uniform, amplitude: 0.2, redraw: per_repeat}\n").EvaluationRedraw);
    }

    [Fact]
    public void Mistakes_are_one_message_each_with_file_line_and_field()
    {
        Assert.Equal("sweeps/x.yaml:2:64: evaluate.noise[1].sigma[1]: expected a non-negative number, got '-1'",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nevaluate: {noise: [{kind: none}, {kind: gaussian, sigma: [0.5, -1]}]}\n").Message);
        Assert.Equal("sweeps/x.yaml:3:3: evaluate.noize: unknown key 'noize'; did you mean 'noise'?",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nevaluate:\n  noize: [none]\n").Message);
        Assert.Equal("sweeps/x.yaml:2:19: evaluate.noise: expected at least one noise setting (leave evaluate.noise out to score under the training noise only)",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nevaluate: {noise: []}\n").Message);
        Assert.Equal("sweeps/x.yaml:2:26: evaluate.noise[1]: 'none' is already at evaluate.noise[0]",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nevaluate: {noise: [none, none]}\n").Message);
        Assert.Equal("sweeps/x.yaml:2:11: evaluate: expected a mapping like {noise: [{kind: none}, {kind: gaussian, sigma: [0.25, 0.5]}]}, got a list",
            SweepYaml.Failure("architectures: [seed-mlp-1]\nevaluate: [none]\n").Message);
    }

    [Fact]
    public void Every_fold_job_carries_one_seed_per_evaluation_noise_shared_by_trials_and_folds_and_never_the_training_noise_seed()
    {
        var definition = SweepYaml.Definition(Example) with { CrossValidation = new CrossValidationSpec(3, Repeats: 2) };
        var plan = Plan(definition);

        var seeds = plan.Jobs.Select(j => string.Join(",", j.CrossNoise!.Select(c => $"{c.Noise}@{c.Seed}"))).Distinct();
        var crossNoise = Assert.Single(seeds).Split(',');
        Assert.Equal(4, crossNoise.Length);
        var evaluationSeeds = plan.Jobs[0].CrossNoise!.Select(c => c.Seed).ToArray();
        Assert.Equal(4, evaluationSeeds.Distinct().Count());
        Assert.Equal(evaluationSeeds, Enumerable.Range(0, 4).Select(i => SweepSeeds.Evaluation(definition.Seed, i, NoiseRedraw.PerSweep, 0)));
        Assert.DoesNotContain(SweepSeeds.Noise(definition.Seed), evaluationSeeds);
        Assert.All(plan.Jobs, j => Assert.DoesNotContain(j.NoiseSeed, evaluationSeeds));
        // Determinism: the same file and seed give the same evaluation seeds; another seed gives others.
        Assert.Equal(evaluationSeeds, Plan(SweepYaml.Definition(Example)).Jobs[5].CrossNoise!.Select(c => c.Seed));
        Assert.Empty(Plan(SweepYaml.Definition("seed: 43\n" + Example)).Jobs[0].CrossNoise!.Select(c => c.Seed).Intersect(evaluationSeeds));
    }

    [Fact]
    public void Drawn_per_repeat_each_repeat_has_its_own_seeds_and_a_refit_has_none()
    {
        var definition = SweepYaml.Definition(Example) with { CrossValidation = new CrossValidationSpec(3, Repeats: 2), EvaluationRedraw = NoiseRedraw.PerRepeat };
        var plan = Plan(definition);

        var byRepeat = plan.Jobs.GroupBy(j => j.Repeat).Select(g => g.Select(j => string.Join(",", j.CrossNoise!.Select(c => c.Seed))).Distinct().Single()).ToArray();
        Assert.Equal(2, byRepeat.Distinct().Count());
        Assert.Null(RefitPlan.Create(definition, "sweep-1", "sha256:abc", plan.Trials[0], plan.Jobs.Count, [1, 1]).CrossNoise);
    }

    [Fact]
    public void A_definition_with_evaluation_noise_survives_the_wire()
    {
        var definition = new SweepDefinition("s", 1, DatasetSpec.Embedded(), [NoiseSpec.Clean], new CrossValidationSpec(2), [Presets.Get("seed-mlp-1")],
            new TrainingSettings(), [], EvaluationNoise: [new NoiseSpec(NoiseKind.SaltAndPepper, 0.1)], EvaluationRedraw: NoiseRedraw.PerRepeat);
        var copy = MessagePack.MessagePackSerializer.Deserialize<SweepDefinition>(MessagePack.MessagePackSerializer.Serialize(definition));

        SweepYaml.Equal(definition, copy);
        Assert.Equal(new NoiseSpec(NoiseKind.SaltAndPepper, 0.1), Assert.Single(copy.EvaluationNoise!));
    }
}
