using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>
/// The node's dataset cache: keyed by the files (not by the sweep's options or the path's spelling),
/// bounded in bytes with the least recently used going first, and keeping nothing a caller only peeked at.
/// </summary>
public sealed class DatasetCacheTests : IDisposable
{
    // Six 2x2 images: 6 x 4 float32 pixels + 6 labels = 102 bytes.
    const long FullBytes = 6 * 4 * 4 + 6;
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    DatasetSpec Dataset(string name, int? limit = null, int seed = 1)
    {
        byte[] labels = [0, 1, 2, 0, 1, 2];
        string images = _folder.Write($"{name}/images", TestData.IdxImages(labels.Length, 2, 2, TestData.Pixels(labels.Length * 4, seed)));
        string labelsFile = _folder.Write($"{name}/labels", TestData.IdxLabels(labels));
        return new DatasetSpec(null, images, labelsFile, null, null, limit);
    }

    [Fact]
    public void The_same_files_by_another_path_or_with_a_limit_share_one_entry()
    {
        var cache = new DatasetCache();
        var spec = Dataset("a");
        string alias = Path.Combine(_folder.Path, "alias");
        Directory.CreateSymbolicLink(alias, Path.Combine(_folder.Path, "a"));

        var full = cache.Get(spec);
        var viaLink = cache.Get(spec with { Images = Path.Combine(alias, "images"), Labels = Path.Combine(alias, "labels") });
        var limited = cache.Get(spec with { Limit = 3 });

        Assert.Equal(1, cache.Count);
        Assert.Same(full.Data.Train.Pixels, viaLink.Data.Train.Pixels);
        Assert.Equal(full.Fingerprint, viaLink.Fingerprint);
        Assert.Equal(3, limited.Data.Train.Count);
        Assert.NotEqual(full.Fingerprint, limited.Fingerprint);
        Assert.Equal(DatasetFingerprint.Of(StratifiedSubset.Take(full.Data.Train, 3)), limited.Fingerprint);
        // The subset is cut once from the cached images and counted against the cache.
        Assert.Equal(FullBytes + 3 * 4 * 4 + 3, cache.Bytes);
        Assert.Same(limited, cache.Get(spec with { Limit = 3 }));
    }

    [Fact]
    public void An_edited_file_is_read_again()
    {
        var cache = new DatasetCache();
        var spec = Dataset("a");
        var before = cache.Get(spec);

        _folder.Write("a/labels", TestData.IdxLabels([2, 1, 0, 2, 1, 0]));
        File.SetLastWriteTimeUtc(spec.Labels!, DateTime.UtcNow.AddMinutes(1)); // same length: only the write time tells
        var after = cache.Get(spec);

        Assert.Equal([2, 1, 0, 2, 1, 0], after.Data.Train.Labels);
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
        Assert.Equal(2, cache.Count); // the old entry waits for eviction: its key no longer matches any file
    }

    [Fact]
    public void The_least_recently_used_dataset_goes_first_when_the_bytes_exceed_the_capacity()
    {
        var cache = new DatasetCache(capacityBytes: 2 * FullBytes + FullBytes / 2);
        DatasetSpec a = Dataset("a", seed: 1), b = Dataset("b", seed: 2), c = Dataset("c", seed: 3);
        var firstA = cache.Get(a);
        var firstB = cache.Get(b);
        cache.Get(a); // a is now more recent than b

        cache.Get(c);

        Assert.Equal((2, 2 * FullBytes), (cache.Count, cache.Bytes));
        Assert.Same(firstA.Data.Train.Pixels, cache.Get(a).Data.Train.Pixels); // still kept
        Assert.NotSame(firstB.Data.Train.Pixels, cache.Get(b).Data.Train.Pixels); // read again
        Assert.True(cache.Bytes <= cache.CapacityBytes);
    }

    [Fact]
    public void A_dataset_larger_than_the_whole_cache_is_returned_but_not_kept()
    {
        var cache = new DatasetCache(capacityBytes: FullBytes - 1);

        var data = cache.Get(Dataset("a"));

        Assert.Equal(6, data.Data.Train.Count);
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void A_peeked_dataset_or_subset_is_kept_only_when_the_caller_keeps_it()
    {
        var cache = new DatasetCache();
        var spec = Dataset("a");

        var peeked = cache.Peek(spec, DatasetAccess.Anywhere);
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
        cache.Keep(peeked);
        Assert.Equal((1, FullBytes), (cache.Count, cache.Bytes));

        // A new subset of a kept dataset is cut from it, and kept only when asked.
        var subset = cache.Peek(spec with { Limit = 3 }, DatasetAccess.Anywhere);
        Assert.Same(peeked.Data.Train.Pixels, cache.Peek(spec, DatasetAccess.Anywhere).Data.Train.Pixels);
        Assert.Equal((1, FullBytes), (cache.Count, cache.Bytes));
        cache.Keep(subset);
        cache.Keep(subset);
        Assert.Equal((1, FullBytes + 51), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Two_reads_of_the_same_files_kept_one_after_the_other_are_kept_and_counted_once()
    {
        var cache = new DatasetCache();
        var spec = Dataset("a");
        var first = cache.Peek(spec, DatasetAccess.Anywhere);
        var second = cache.Peek(spec with { Limit = 3 }, DatasetAccess.Anywhere); // read again: nothing was kept

        cache.Keep(first);
        cache.Keep(second);

        Assert.Equal((1, FullBytes), (cache.Count, cache.Bytes));
        Assert.Same(first.Data.Train.Pixels, cache.Get(spec).Data.Train.Pixels);
    }
}
