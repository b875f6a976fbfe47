using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Data;

/// <summary>What the cache tells apart beside the files: the layout they are read in, and how many classes the sweep names.</summary>
public sealed class DatasetCacheViewsTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    DatasetSpec Colour()
    {
        // Two images of 2x2x2, as (N, 2, 2, 2): read channels last or first, two different datasets.
        string images = _folder.Write("images.npy", TestData.Npy("|u1", [2, 2, 2, 2], TestData.Pixels(16)));
        string labels = _folder.Write("labels", TestData.IdxLabels([0, 2]));
        return new DatasetSpec(null, images, labels, null, null, null);
    }

    [Fact]
    public void One_file_read_channels_last_and_channels_first_is_two_entries_with_two_fingerprints()
    {
        var cache = new DatasetCache();
        var spec = Colour();

        var last = cache.Get(spec with { Layout = ImageLayout.Nhwc });
        var first = cache.Get(spec with { Layout = ImageLayout.Nchw });

        Assert.Equal(2, cache.Count);
        Assert.NotEqual(last.Data.Train.Pixels, first.Data.Train.Pixels);
        Assert.NotEqual(last.Fingerprint, first.Fingerprint);
    }

    [Fact]
    public void Class_names_give_a_view_of_their_own_sharing_the_images()
    {
        var cache = new DatasetCache();
        var spec = Colour() with { Layout = ImageLayout.Nchw };

        var plain = cache.Get(spec);
        var named = cache.Get(spec with { Classes = ["a", "b", "c", "d"] });

        Assert.Equal((3, 4), (plain.Data.Train.Classes, named.Data.Train.Classes));
        Assert.Same(plain.Data.Train.Pixels, named.Data.Train.Pixels);
        Assert.NotEqual(plain.Fingerprint, named.Fingerprint);
        Assert.Same(named, cache.Get(spec with { Classes = ["e", "f", "g", "h"] }));
        Assert.Equal(1, cache.Count);
    }
}
