using System.Text;
using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>
/// Which files a dataset path may reach: under a datasets root only, after following every symbolic
/// link; regular, non-empty files only (never a FIFO, a device, /proc); size caps checked before reading;
/// and "outside" said the same way whether or not the file exists.
/// </summary>
public sealed class DatasetAccessTests : IDisposable
{
    const long Cap = 1 << 20;
    readonly TempFolder _folder = new();
    readonly string _root;
    readonly DatasetAccess _access;

    public DatasetAccessTests()
    {
        _root = Path.Combine(_folder.Path, "datasets");
        Directory.CreateDirectory(_root);
        _access = DatasetAccess.Under(_root, Cap);
    }

    public void Dispose() => _folder.Dispose();

    string Labels(string name) => _folder.Write(Path.Combine("datasets", name), TestData.IdxLabels([1, 2, 3]));

    string OutsideMessage(string path) => $"{path}: is outside the datasets root {_root} (symbolic links followed); " +
        "a sweep submitted to the coordinator may only name datasets under its --datasets-root";

    [Fact]
    public void A_file_under_the_root_is_read_and_identified_by_its_real_path_length_and_write_time()
    {
        string labels = Labels("labels");

        var file = _access.File(labels);

        Assert.Equal((labels, labels, 11L), (file.Path, file.RealPath, file.Length));
        Assert.Equal($"{labels}|11|{File.GetLastWriteTimeUtc(labels).Ticks}", file.Identity);
        Assert.Equal([1, 2, 3], DatasetFiles.ReadLabels(file));
    }

    [Theory]
    [InlineData("../outside-labels")]
    [InlineData("sub/../../outside-labels")]
    public void Dot_dot_out_of_the_root_is_refused_the_same_way_whether_or_not_the_file_exists(string relative)
    {
        _folder.Write("outside-labels", TestData.IdxLabels([1]));
        string existing = Path.Combine(_root, relative);
        string missing = existing + "-missing";

        Assert.Equal(OutsideMessage(existing), Assert.Throws<DatasetException>(() => _access.File(existing)).Message);
        Assert.Equal(OutsideMessage(missing), Assert.Throws<DatasetException>(() => _access.File(missing)).Message);
    }

    [Fact]
    public void An_absolute_path_outside_is_refused_without_saying_whether_it_exists()
    {
        Assert.Equal(OutsideMessage("/etc/passwd"), Assert.Throws<DatasetException>(() => _access.File("/etc/passwd")).Message);
        Assert.Equal(OutsideMessage("/etc/no-such-file"), Assert.Throws<DatasetException>(() => _access.File("/etc/no-such-file")).Message);
        Assert.Equal(OutsideMessage("/proc/self/environ"), Assert.Throws<DatasetException>(() => _access.File("/proc/self/environ")).Message);
    }

    [Fact]
    public void A_symbolic_link_out_of_the_root_is_refused_whether_its_target_exists_or_not_and_wherever_it_points_from()
    {
        string secret = _folder.Write("secret", Encoding.UTF8.GetBytes("root:$6$hash:19000:0:99999:7:::\n"));
        string toSecret = Path.Combine(_root, "innocent");
        File.CreateSymbolicLink(toSecret, secret);
        string toNothing = Path.Combine(_root, "nothing");
        File.CreateSymbolicLink(toNothing, Path.Combine(_folder.Path, "no-such-file"));
        string relative = Path.Combine(_root, "relative");
        File.CreateSymbolicLink(relative, "../secret");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        string viaDirectory = Path.Combine(_root, "sub", "up");
        Directory.CreateSymbolicLink(viaDirectory, _folder.Path);
        string proc = Path.Combine(_root, "environ");
        File.CreateSymbolicLink(proc, "/proc/self/environ");

        foreach (string path in new[] { toSecret, toNothing, relative, Path.Combine(viaDirectory, "secret"), proc })
        {
            var e = Assert.Throws<DatasetException>(() => _access.File(path));
            Assert.Equal(OutsideMessage(path), e.Message);
        }
    }

    [Fact]
    public void A_symbolic_link_inside_the_root_to_a_file_inside_is_fine()
    {
        string labels = Labels("real/labels");
        string link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, "real/labels");
        string linkedDirectory = Path.Combine(_root, "alias");
        Directory.CreateSymbolicLink(linkedDirectory, Path.Combine(_root, "real"));
        // An absolute target naming the root is inside too.
        string absolute = Path.Combine(_root, "absolute");
        File.CreateSymbolicLink(absolute, labels);

        foreach (string path in new[] { link, Path.Combine(linkedDirectory, "labels"), absolute, Path.Combine(_root, "real", "..", "real", "labels") })
        {
            var file = _access.File(path);
            Assert.Equal(labels, file.RealPath);
            Assert.Equal([1, 2, 3], DatasetFiles.ReadLabels(file));
        }
    }

    [Fact]
    public void A_fifo_under_the_root_is_refused_without_ever_being_opened_for_reading()
    {
        string fifo = Fifo.Make(Path.Combine(_root, "pipe"));
        string link = Path.Combine(_root, "link-to-pipe");
        File.CreateSymbolicLink(link, fifo);

        foreach (string path in new[] { fifo, link })
        {
            var e = Assert.IsType<DatasetException>(Fifo.Unblocked(fifo, () => _access.File(path)));
            Assert.Equal($"{path}: is not a regular file (a FIFO, device or socket); a dataset must be a regular file", e.Message);
        }
        // Anywhere (a local run, a worker) refuses it just the same, and so does a reader given the path.
        Assert.IsType<DatasetException>(Fifo.Unblocked(fifo, () => DatasetAccess.Anywhere.File(fifo)));
        Assert.IsType<DatasetException>(Fifo.Unblocked(fifo, () => IdxReader.ReadLabels(fifo)));
        Assert.IsType<DatasetException>(Fifo.Unblocked(fifo, () => DatasetLoader.Load(new DatasetSpec(null, fifo, fifo, null, null, null))));
    }

    [Fact]
    public void A_file_swapped_for_a_fifo_after_its_check_is_refused_when_opened_without_blocking()
    {
        string labels = Labels("labels");
        var file = _access.File(labels);
        File.Delete(labels);
        Fifo.Make(labels);

        var e = Assert.IsType<DatasetException>(Fifo.Unblocked(labels, () => file.Open().Dispose()));

        Assert.Equal($"{labels}: changed while it was being opened (it is no longer the regular file that was checked); try again", e.Message);
    }

    [Fact]
    public void Devices_directories_empty_files_and_proc_files_are_not_datasets()
    {
        Assert.Equal("/dev/zero: is not a regular file (a FIFO, device or socket); a dataset must be a regular file",
            Assert.Throws<DatasetException>(() => DatasetAccess.Anywhere.File("/dev/zero")).Message);
        Assert.Equal($"{_root}: is a directory, expected a file", Assert.Throws<DatasetException>(() => _access.File(_root)).Message);
        string empty = _folder.Write("datasets/empty", []);
        Assert.Equal($"{empty}: is empty (0 bytes on disk); expected an IDX or NumPy .npy file", Assert.Throws<DatasetException>(() => _access.File(empty)).Message);
        // /proc says its files are empty, whatever reading them would give: nothing of them is read.
        var proc = Assert.Throws<DatasetException>(() => DatasetFiles.ReadImages("/proc/self/environ"));
        Assert.Equal("/proc/self/environ: is empty (0 bytes on disk); expected an IDX or NumPy .npy file", proc.Message);
    }

    [Fact]
    public void A_missing_file_says_where_it_was_looked_for_and_why()
    {
        string missing = Path.Combine(_root, "mnist-full", "labels");

        var e = Assert.Throws<DatasetException>(() => _access.File(missing));

        Assert.Equal($"{missing}: file does not exist under the datasets root {_root} (a submitted sweep's datasets are read on the coordinator, " +
            "under its --datasets-root; relative paths resolve against that root, not against the sweep file's directory, which the coordinator never sees)", e.Message);
        Assert.Equal($"{missing}: file does not exist", Assert.Throws<DatasetException>(() => DatasetAccess.Anywhere.File(missing)).Message);
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_before_reading()
    {
        string big = _folder.Write("datasets/big", TestData.IdxImages(2, 28, 28, TestData.Pixels(2 * 784)));

        var e = Assert.Throws<DatasetException>(() => DatasetAccess.Under(_root, 1000).File(big));

        Assert.Equal($"{big}: is 1,584 bytes, more than the 1,000 a dataset file may have (--max-dataset-bytes)", e.Message);
    }

    [Fact]
    public void Gzip_content_over_the_size_cap_is_refused_before_it_is_inflated()
    {
        // 100 black images: 78,416 bytes that gzip squeezes into a few hundred.
        string small = _folder.Write("datasets/zeros.gz", TestData.Gzip(TestData.IdxImages(100, 28, 28, new byte[100 * 784])));
        var file = DatasetAccess.Under(_root, 10_000).File(small);
        Assert.True(file.Length < 10_000);

        var e = Assert.Throws<DatasetException>(() => DatasetFiles.ReadImages(file));

        Assert.Equal($"{small}: its header declares 100 images of 28x28 (78,416 bytes uncompressed in all), more than the 10,000 a dataset file may hold (--max-dataset-bytes)", e.Message);
    }

    [Fact]
    public void A_missing_root_is_named()
    {
        var access = DatasetAccess.Under(Path.Combine(_folder.Path, "no-root"), Cap);
        string path = Path.Combine(_folder.Path, "no-root", "labels");

        var e = Assert.Throws<DatasetException>(() => access.File(path));

        Assert.Contains($"the datasets root {Path.Combine(_folder.Path, "no-root")} (--datasets-root) does not exist", e.Message);
    }
}
