using Crossfold.Coordinator.Datasets;
using Crossfold.Core.Data;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Datasets;

/// <summary>The coordinator's content-addressed store: a file is visible only once its bytes have the digest it was sent as.</summary>
public sealed class DatasetStoreTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static string Digest(byte[] bytes) => StoredFile.Digest(new MemoryStream(bytes));

    [Fact]
    public async Task An_upload_is_stored_under_its_digest_once_and_listed_with_its_name()
    {
        var store = new DatasetStore(_folder.Path);
        byte[] bytes = TestData.Pixels(1000);
        string digest = Digest(bytes);

        var first = await store.Add(digest, new MemoryStream(bytes), 10_000, "train-images", CancellationToken.None);
        var second = await store.Add(digest, new MemoryStream(bytes), 10_000, "again", CancellationToken.None);

        Assert.Equal(DatasetStore.AddResult.Stored, first.Result);
        Assert.Equal(DatasetStore.AddResult.AlreadyStored, second.Result);
        Assert.Equal(bytes, File.ReadAllBytes(store.Find(digest)!));
        var entry = Assert.Single(store.List());
        Assert.Equal((digest, 1000L, "train-images"), (entry.Sha256, entry.Bytes, entry.Name));
        Assert.True(store.Remove(digest));
        Assert.Empty(store.List());
        Assert.False(store.Remove(digest));
    }

    [Fact]
    public async Task Bytes_of_another_digest_or_too_many_bytes_leave_nothing_behind()
    {
        var store = new DatasetStore(_folder.Path);
        byte[] bytes = TestData.Pixels(1000);
        string claimed = Digest(TestData.Pixels(1000, seed: 2));

        var wrong = await store.Add(claimed, new MemoryStream(bytes), 10_000, "x", CancellationToken.None);
        var large = await store.Add(Digest(bytes), new MemoryStream(bytes), 999, "x", CancellationToken.None);

        Assert.Equal((DatasetStore.AddResult.DigestMismatch, Digest(bytes)), (wrong.Result, wrong.ActualDigest));
        Assert.Equal(DatasetStore.AddResult.TooLarge, large.Result);
        Assert.Null(store.Find(claimed));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }
}
