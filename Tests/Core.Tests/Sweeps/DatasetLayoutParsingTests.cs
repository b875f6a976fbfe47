using Crossfold.Core.Data;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>dataset.layout: nhwc or nchw, any case; anything else named with its line; kept when a sweep's dataset is rewritten for upload.</summary>
public sealed class DatasetLayoutParsingTests
{
    [Theory]
    [InlineData("nhwc", ImageLayout.Nhwc)]
    [InlineData("NCHW", ImageLayout.Nchw)]
    public void A_layout_is_read(string text, ImageLayout expected)
    {
        var def = SweepYaml.Definition($"dataset: {{images: a.npy, labels: b.npy, layout: {text}}}\narchitectures: [seed-mlp-1]");

        Assert.Equal(expected, def.Dataset.Layout);
    }

    [Fact]
    public void Without_a_layout_there_is_none()
    {
        Assert.Null(SweepYaml.Definition("dataset: {images: a.npy, labels: b.npy}\narchitectures: [seed-mlp-1]").Dataset.Layout);
    }

    [Fact]
    public void An_unknown_layout_is_refused_with_its_field_and_line()
    {
        var error = SweepYaml.Error("architectures: [seed-mlp-1]\ndataset:\n  images: a.npy\n  labels: b.npy\n  layout: hwc\n");

        Assert.Equal(("dataset.layout", 5), (error.Path, error.Line));
        Assert.StartsWith("unknown image layout 'hwc'", error.Message);
        Assert.Contains("(expected one of nhwc, nchw)", error.Message);
    }

    [Fact]
    public void An_uploaded_sweep_keeps_its_layout()
    {
        string text = "dataset: {images: a.npy, labels: b.npy, layout: nchw}\narchitectures: [seed-mlp-1]\n";
        var stored = new DatasetSpec(null, "sha256:" + new string('a', 64), "sha256:" + new string('b', 64), null, null, null, Layout: ImageLayout.Nchw);

        string rewritten = SweepDatasetRewrite.Replace(text, stored);

        Assert.Equal(ImageLayout.Nchw, SweepYaml.Definition(rewritten).Dataset.Layout);
    }
}
