using Crossfold.Core.Data;
using Crossfold.Core.Sweeps;

namespace Crossfold.Tests.Sweeps;

/// <summary>What `crossfold submit` sends: the sweep with its dataset naming stored files, every other line where it was.</summary>
public sealed class SweepDatasetRewriteTests
{
    static readonly string A = new('a', 64), B = new('b', 64);

    [Fact]
    public void The_dataset_names_stored_files_and_the_lines_after_it_keep_their_numbers()
    {
        const string text = "name: x\ndataset:\n  images: data/images\n  labels: data/labels\n  limit: 50\nfolds: 3\narchitectures: [seed-mlp-1]\n";
        var stored = new DatasetSpec(null, StoredFile.Reference(A), StoredFile.Reference(B), null, null, 50);

        string sent = SweepDatasetRewrite.Replace(text, stored);
        var parsed = SweepFileParser.Parse(sent, "/elsewhere/sweep.yaml");

        Assert.Equal(stored, parsed.Definition.Dataset);
        Assert.Equal(text.Split('\n').Length, sent.Split('\n').Length);
        Assert.Equal(6, parsed.Lines["folds"]);
        Assert.Equal("x", parsed.Definition.Name);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"dataset\": {\"images\": \"a\", \"labels\": \"b\"}, \"architectures\": [\"seed-mlp-1\"]}")]
    [InlineData("name: x\ndataset: {images: a, labels: b}  # local files\narchitectures: [seed-mlp-1]\n")]
    public void Json_and_flow_style_datasets_are_replaced_in_place(string text)
    {
        var stored = new DatasetSpec(null, StoredFile.Reference(A), StoredFile.Reference(B), null, null, null);
        var parsed = SweepFileParser.Parse(SweepDatasetRewrite.Replace(text, stored), "s.json");
        Assert.Equal(stored, parsed.Definition.Dataset);
        Assert.Equal("x", parsed.Definition.Name);
    }

    [Fact]
    public void Limit_fingerprint_and_class_names_travel_with_the_stored_files()
    {
        const string text = "dataset:\n  images: x\n  labels: y\n  classes: [zero, one, two, three, four, five, six, seven, eight, nine]\narchitectures: [seed-mlp-1]\n";
        var stored = new DatasetSpec(null, StoredFile.Reference(A), StoredFile.Reference(B), null, null, 7, new string('c', 64),
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);
        var sent = SweepFileParser.Parse(SweepDatasetRewrite.Replace(text, stored), "s.yaml").Definition.Dataset;
        Assert.Equal((stored.Images, stored.Limit, stored.Fingerprint), (sent.Images, sent.Limit, sent.Fingerprint));
        Assert.Equal(stored.Classes, sent.Classes);
    }

    [Fact]
    public void A_stored_file_name_must_be_a_whole_digest()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFileParser.Parse("dataset: {images: 'sha256:abc', labels: x}\narchitectures: [seed-mlp-1]\n", "s.yaml"));
        Assert.Contains("dataset.images: expected sha256: followed by 64 hexadecimal digits", e.Message);
    }
}
