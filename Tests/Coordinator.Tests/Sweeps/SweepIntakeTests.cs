using Crossfold.Coordinator.Sweeps;
using Crossfold.Core.Data;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Sweeps;

/// <summary>
/// A sweep submitted to a coordinator: its dataset paths resolve against the datasets root and stay
/// under it, a dataset problem points at its field and line, the limits name their options, and a
/// rejected submission leaves nothing in the dataset cache.
/// </summary>
public sealed class SweepIntakeTests : IDisposable
{
    const string Files = "dataset:\n  images: digits/images\n  labels: digits/labels\n";
    readonly TempFolder _folder = new();
    readonly string _root;
    readonly IntakeOptions _rules;
    readonly DatasetCache _cache = new();

    public SweepIntakeTests()
    {
        _root = Path.Combine(_folder.Path, "datasets");
        byte[] labels = [.. Enumerable.Range(0, 60).Select(i => (byte)(i % 10))];
        _folder.Write("datasets/digits/images", TestData.IdxImages(labels.Length, 28, 28, TestData.Pixels(labels.Length * 784)));
        _folder.Write("datasets/digits/labels", TestData.IdxLabels(labels));
        _rules = IntakeOptions.For(_folder.Path) with { MaxEpochs = 50, MaxJobsPerSweep = 1000 };
    }

    public void Dispose() => _folder.Dispose();

    (Crossfold.Protocol.Messages.SubmitSweep Submission, CachedDataset Data) Submit(string yaml)
    {
        var (submission, data, _) = SweepIntake.Submitted(yaml, "submitted.yaml", _rules, _cache, CancellationToken.None);
        return (submission, data);
    }

    SweepError Refused(string yaml) => Assert.Single(Assert.Throws<SweepFileException>(() => Submit(yaml)).Errors);

    [Fact]
    public void Relative_paths_resolve_against_the_datasets_root()
    {
        var (submission, data) = Submit(Files + "folds: 3\narchitectures: [seed-mlp-1]\n");

        Assert.Equal(Path.Combine(_root, "digits", "images"), submission.Definition.Dataset.Images);
        Assert.Equal(60, data.Data.Train.Count);
    }

    [Fact]
    public void A_validation_split_smaller_than_the_classes_is_refused_on_its_line()
    {
        // 60 images in 3 folds: 40 train per fold; 0.1 of them is 4 images for 10 classes.
        var error = Refused(Files + "folds: 3\narchitectures: [seed-mlp-1]\ntraining: {epochs: 2, early_stopping: 1}\n");
        Assert.Equal(("training.early_stopping", 6), (error.Path, error.Line));
        Assert.Equal("validation_split 0.1 of a fold's 40 training images is 4 validation images, fewer than the 10 classes: " +
            "early stopping would choose its epoch on almost nothing; raise validation_split or dataset.limit", error.Message);

        Assert.Equal("training.validation_split",
            Refused(Files + "folds: 3\narchitectures: [seed-mlp-1]\ntraining: {validation_split: 0.2}\n").Path);
        Submit(Files + "folds: 3\narchitectures: [seed-mlp-1]\ntraining: {validation_split: 0.25}\n"); // 10 images: one per class
    }

    [Fact]
    public void A_relative_path_out_of_the_root_says_what_it_resolved_against_and_why_on_its_line()
    {
        var error = Refused("name: seed\ndataset: ../data/mnist-full       # relative to this file\narchitectures: [seed-mlp-1]\n");

        Assert.Equal(("dataset", 2, 10), (error.Path, error.Line, error.Column));
        Assert.Equal($"'../data/mnist-full' resolves to {Path.Combine(_folder.Path, "data", "mnist-full")}, outside the coordinator's datasets root {_root} " +
            "(--datasets-root): relative paths in a submitted sweep resolve against that root, not against the sweep file's directory, " +
            "which the coordinator never sees; name a path under the root", error.Message);
    }

    [Fact]
    public void The_seed_notebook_sweep_submitted_as_it_is_says_where_its_relative_path_went_and_why()
    {
        string text = File.ReadAllText(Path.Combine(SweepYaml.RepositoryRoot(), "sweeps", "seed-notebook.yaml"));
        int line = Array.FindIndex(text.Split('\n'), l => l.StartsWith("dataset:", StringComparison.Ordinal)) + 1;

        var error = Refused(text);

        Assert.Equal(("dataset", line), (error.Path, error.Line));
        Assert.Contains($"outside the coordinator's datasets root {_root} (--datasets-root): relative paths in a submitted sweep resolve against that root", error.Message);
    }

    [Fact]
    public void A_missing_directory_under_the_root_names_the_root_on_its_line()
    {
        var error = Refused("architectures: [seed-mlp-1]\ndataset: ./mnist-full\n");

        Assert.Equal(("dataset", 2, 1), (error.Path, error.Line, error.Column));
        Assert.StartsWith($"{Path.Combine(_root, "mnist-full")}: dataset directory does not exist under the datasets root {_root} ", error.Message);
        Assert.Contains("relative paths resolve against that root, not against the sweep file's directory", error.Message);
    }

    [Fact]
    public void A_dataset_file_problem_carries_its_field_and_line_as_data()
    {
        Fifo.Make(Path.Combine(_root, "pipe"));
        File.CreateSymbolicLink(Path.Combine(_root, "passwd"), "/etc/passwd");

        var fifo = Refused("architectures: [seed-mlp-1]\ndataset:\n  images: digits/images\n  labels: pipe\n");
        var link = Refused("architectures: [seed-mlp-1]\ndataset:\n  source: passwd\n");

        Assert.Equal(("dataset.labels", 4, 3), (fifo.Path, fifo.Line, fifo.Column));
        Assert.Contains("is not a regular file", fifo.Message);
        Assert.Equal(("dataset.source", 3, 3), (link.Path, link.Line, link.Column));
        Assert.Contains($"is outside the datasets root {_root}", link.Message);
        Assert.Equal((0, 0L), (_cache.Count, _cache.Bytes));
    }

    [Fact]
    public void Epochs_and_jobs_beyond_the_coordinator_limits_name_the_options()
    {
        var epochs = Assert.Throws<SweepFileException>(() => Submit(Files + "architectures: [seed-mlp-1]\ntraining: {epochs: 51}\n")).Errors.Single();
        var grid = Assert.Throws<SweepFileException>(() => Submit(Files + "architectures: [seed-mlp-1]\nhyperparameters: {epochs: [5, 500]}\n")).Errors.Single();
        var jobs = Assert.Throws<SweepFileException>(() => Submit(Files + "folds: 2\narchitectures: [seed-mlp-1]\nhyperparameters: {batch_size: [" +
            string.Join(", ", Enumerable.Range(1, 501)) + "]}\n")).Errors.Single();

        Assert.Equal(("training.epochs", 5, "51 epochs is more than the limit of 50 (--max-epochs)"), (epochs.Path, epochs.Line, epochs.Message));
        Assert.Equal(("hyperparameters.epochs[1]", "500 epochs is more than the limit of 50 (--max-epochs)"), (grid.Path, grid.Message));
        Assert.Contains("= 1,002 jobs, more than the limit of 1,000 (--max-jobs-per-sweep)", jobs.Message);
        // A local run keeps generous limits.
        Assert.Equal(1002, SweepPlan.CountJobs(SweepFileParser.Parse("folds: 2\narchitectures: [seed-mlp-1]\ntraining: {epochs: 5000}\nhyperparameters: {batch_size: [" +
            string.Join(", ", Enumerable.Range(1, 501)) + "]}\n", "local.yaml").Definition));
    }

    [Fact]
    public void Rejected_submissions_leave_the_dataset_cache_as_it_was()
    {
        const string wrong = "0000000000000000000000000000000000000000000000000000000000000000";
        for (int i = 0; i < 65; i++)
        {
            // Each loads the dataset (a new subset every time) and is then refused for its fingerprint.
            var error = Refused($"dataset: {{images: digits/images, labels: digits/labels, limit: {20 + i % 40}, fingerprint: {wrong}}}\narchitectures: [seed-mlp-1]\n");
            Assert.Equal("dataset.fingerprint", error.Path);
        }
        Assert.Equal((0, 0L), (_cache.Count, _cache.Bytes));

        var (_, accepted) = Submit(Files + "folds: 3\narchitectures: [seed-mlp-1]\n");
        _cache.Keep(accepted); // what the API does once the coordinator accepts
        long kept = _cache.Bytes;
        Assert.Equal((1, 60L * 784 * 4 + 60), (_cache.Count, kept));

        for (int i = 0; i < 65; i++)
            Refused($"dataset: {{images: digits/images, labels: digits/labels, limit: {20 + i % 40}}}\nfolds: 7\narchitectures: [seed-mlp-1]\n");
        Assert.Equal((1, kept), (_cache.Count, _cache.Bytes));
    }

    [Fact]
    public void A_local_sweep_reads_any_regular_file_relative_to_itself_and_keeps_its_dataset()
    {
        string sweep = Path.Combine(_folder.Path, "sweeps", "local.yaml");
        var (submission, _, _) = SweepIntake.FromText("dataset: {images: ../datasets/digits/images, labels: ../datasets/digits/labels}\nfolds: 3\narchitectures: [seed-mlp-1]\n",
            sweep, _cache);

        Assert.Equal(Path.Combine(_root, "digits", "images"), submission.Definition.Dataset.Images);
        Assert.Equal(1, _cache.Count);
    }

    [Fact]
    public void Class_names_must_match_the_datasets_classes_and_the_error_points_at_them()
    {
        var error = Refused("dataset:\n  source: mnist-t10k\n  classes: [cat, dog, bird]\narchitectures: [seed-mlp-1]\n");

        Assert.Equal(("dataset.classes", 3), (error.Path, error.Line));
        Assert.Equal("3 class names for 10 classes (labels 0 to 9): give one name per class, in label order", error.Message);
    }
}
