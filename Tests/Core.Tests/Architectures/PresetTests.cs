using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Core;

namespace Crossfold.Tests.Architectures;

public class PresetTests
{
    // Parameter counts on 28x28x1 with the appended Dense 10, worked out by hand:
    // Dense n on m inputs = m*n + n; Conv f (k x k) on c channels = k*k*c*f + f.
    public static TheoryData<string, long> Counts => new()
    {
        // 784*784+784 = 615,440; 784*256+256 = 200,960; 256*128+128 = 32,896; 128*10+10 = 1,290
        { "seed-mlp-1", 615_440 + 200_960 + 32_896 + 1_290 },                 // 850,586
        { "seed-mlp-2", 615_440 + 200_960 + 32_896 + 1_290 },                 // 850,586
        // ... + 128*64+64 = 8,256; 64*10+10 = 650
        { "seed-mlp-3", 615_440 + 200_960 + 32_896 + 8_256 + 650 },           // 858,202
        // 784*512+512 = 401,920; 512*256+256 = 131,328
        { "seed-mlp-4", 615_440 + 401_920 + 131_328 + 32_896 + 1_290 },       // 1,182,874
        // 28 -conv-> 26 -pool-> 13 -conv-> 11 -pool-> 5 -conv-> 3 -pool-> 1: flatten 128
        // 9*1*32+32 = 320; 9*32*64+64 = 18,496; 9*64*128+128 = 73,856; 128*256+256 = 33,024
        { "seed-cnn-1", 320 + 18_496 + 73_856 + 33_024 + 32_896 + 1_290 },    // 159,882
        // 28 -conv5-> 24 -pool-> 12 -conv5-> 8 -pool-> 4: flatten 16*4*4 = 256
        // 25*1*6+6 = 156; 25*6*16+16 = 2,416; 256*120+120 = 30,840; 120*84+84 = 10,164; 84*10+10 = 850
        { "seed-cnn-2", 156 + 2_416 + 30_840 + 10_164 + 850 },                // 44,426
        // 28 -conv-> 26 -pool-> 13: flatten 32*13*13 = 5,408; 5408*512+512 = 2,769,408
        { "seed-cnn-3", 320 + 2_769_408 + 131_328 + 32_896 + 1_290 },         // 2,935,242
        // same padding: 28 -> 14 -> 7 -> 3 -> 1: flatten 256; 9*128*256+256 = 295,168; 256*256+256 = 65,792
        { "seed-cnn-4", 320 + 18_496 + 73_856 + 295_168 + 65_792 + 32_896 + 1_290 },
        // 256*512+512 = 131,584; 512*256+256 = 131,328; 256*10+10 = 2,570
        { "seed-cnn-5", 320 + 18_496 + 73_856 + 295_168 + 131_584 + 131_328 + 2_570 },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Parameter_counts_match_the_seed_notebook(string name, long expected) =>
        Assert.Equal(expected, ShapeInference.ForMnist(Presets.Get(name)).TotalParameters);

    [Fact]
    public void The_notebook_reported_counts_for_its_deep_cnns()
    {
        Assert.Equal(487_818, ShapeInference.ForMnist(Presets.Get("seed-cnn-4")).TotalParameters);
        Assert.Equal(653_322, ShapeInference.ForMnist(Presets.Get("seed-cnn-5")).TotalParameters);
    }

    [Fact]
    public void There_are_nine_presets_in_notebook_order() =>
        Assert.Equal(["seed-mlp-1", "seed-mlp-2", "seed-mlp-3", "seed-mlp-4", "seed-cnn-1", "seed-cnn-2", "seed-cnn-3", "seed-cnn-4", "seed-cnn-5"],
            Presets.Names);

    [Fact]
    public void Only_seed_mlp_1_prefers_rmsprop()
    {
        Assert.Equal(OptimizerKind.RmsProp, Presets.Get("seed-mlp-1").PreferredOptimizer);
        Assert.All(Presets.All.Skip(1), a => Assert.Equal(OptimizerKind.Adam, a.PreferredOptimizer));
    }

    [Fact]
    public void Presets_leave_the_classifier_to_the_builder() =>
        Assert.All(Presets.All, a => Assert.NotEqual(LayerSpec.Dense(10), a.Layers[^1]));

    [Fact]
    public void Lenet_reads_like_its_diagram() =>
        Assert.Equal("Conv 6 (5x5) → MaxPool 2 → Conv 16 (5x5) → MaxPool 2 → Dense 120 → Dense 84 → Dense 10",
            Presets.Get("seed-cnn-2").Describe());

    [Fact]
    public void Lookup_ignores_case() => Assert.Same(Presets.Get("seed-cnn-5"), Presets.Get("SEED-CNN-5"));

    [Fact]
    public void Unknown_name_suggests_the_closest_and_lists_the_rest()
    {
        var e = Assert.Throws<InputException>(() => Presets.Get("seed-cnn5"));
        Assert.Contains("unknown architecture 'seed-cnn5'", e.Message);
        Assert.Contains("did you mean 'seed-cnn-5'?", e.Message);
        Assert.All(Presets.Names, n => Assert.Contains(n, e.Message));
    }

    [Fact]
    public void A_name_nothing_like_a_preset_gets_no_suggestion() =>
        Assert.DoesNotContain("did you mean", Assert.Throws<InputException>(() => Presets.Get("transformer")).Message);
}
