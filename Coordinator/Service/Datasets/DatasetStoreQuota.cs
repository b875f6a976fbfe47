namespace Crossfold.Coordinator.Datasets;

/// <summary>
/// The most bytes the dataset store may hold (--max-dataset-store-bytes), shared out to uploads as they start: each
/// upload reserves what it may write, so uploads running at once can never together fill the disk past the limit.
/// </summary>
public sealed class DatasetStoreQuota(long capacityBytes)
{
    readonly object _lock = new();
    long _reserved;

    /// <summary>The limit.</summary>
    public long CapacityBytes => capacityBytes;

    /// <summary>
    /// Reserves up to <paramref name="wanted"/> bytes beside the <paramref name="storedBytes"/> already stored and what other
    /// uploads hold; the grant is smaller when less is free (0 when nothing is). Dispose it when the upload ends.
    /// </summary>
    public Reservation Reserve(long storedBytes, long wanted)
    {
        lock (_lock)
        {
            long free = Math.Max(0, capacityBytes - storedBytes - _reserved);
            long granted = Math.Min(wanted, free);
            _reserved += granted;
            return new Reservation(this, granted, storedBytes);
        }
    }

    void Release(long bytes)
    {
        lock (_lock) _reserved -= bytes;
    }

    /// <summary>Bytes one upload may write; <see cref="StoredBytes"/> is what the store held when it was granted.</summary>
    public sealed class Reservation(DatasetStoreQuota quota, long bytes, long storedBytes) : IDisposable
    {
        int _released;

        public long Bytes => bytes;
        public long StoredBytes => storedBytes;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) quota.Release(bytes);
        }
    }
}
