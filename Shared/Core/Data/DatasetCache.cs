
namespace Crossfold.Core.Data;

/// <summary>
/// The datasets this node has loaded, so every slot shares one copy and a job never reloads images
/// another job already read. Entries are keyed by the files (real path, length, last write, the layout
/// they are read in), not by the sweep's other options: a <c>limit</c> and the number of class names are applied to
/// the cached full dataset, and an edited file is a new entry. The cache holds at most <see cref="CapacityBytes"/>, evicting the least recently used dataset;
/// one larger than that is loaded for its caller but not kept. At most one dataset is read at a time,
/// so concurrent requests cost the cache plus one dataset of memory, not one each.
/// </summary>
/// <param name="access">What <see cref="Get(DatasetSpec)"/> may read: any regular file by default; a worker adds its download cache for stored files.</param>
public sealed class DatasetCache(long capacityBytes = DatasetCache.DefaultCapacityBytes, DatasetAccess? access = null)
{
    /// <summary>1 GiB: the full MNIST (70,000 images) takes about 220 MB as float32.</summary>
    public const long DefaultCapacityBytes = 1L << 30;

    readonly object _gate = new();
    readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    readonly LinkedList<Entry> _recency = new(); // most recently used first
    readonly SemaphoreSlim _reading = new(1, 1);
    long _bytes;

    public long CapacityBytes { get; } = capacityBytes > 0 ? capacityBytes : throw new ArgumentOutOfRangeException(nameof(capacityBytes));

    /// <summary>Datasets kept.</summary>
    public int Count { get { lock (_gate) return _entries.Count; } }

    /// <summary>Bytes of images and labels kept, limited subsets included.</summary>
    public long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>Loads (or finds) <paramref name="spec"/>'s dataset as this cache's own access allows (any regular file by default), and keeps it: what workers and local runs use.</summary>
    public CachedDataset Get(DatasetSpec spec) => Get(spec, access ?? DatasetAccess.Anywhere);

    /// <summary>Loads (or finds) <paramref name="spec"/>'s dataset as <paramref name="access"/> allows, and keeps it.</summary>
    public CachedDataset Get(DatasetSpec spec, DatasetAccess access, CancellationToken cancel = default) => Load(spec, access, keep: true, cancel);

    /// <summary>
    /// Finds <paramref name="spec"/>'s dataset here, or loads it without keeping it (nor any new limited
    /// subset of a kept one): for a submission that may still be rejected and must leave nothing behind.
    /// <see cref="Keep"/> it once accepted.
    /// </summary>
    /// <exception cref="InputException">The spec, a file or its content cannot be used.</exception>
    public CachedDataset Peek(DatasetSpec spec, DatasetAccess access, CancellationToken cancel = default) => Load(spec, access, keep: false, cancel);

    /// <summary>Keeps a dataset <see cref="Peek"/> returned (nothing if it is kept already, or if it is larger than the whole cache), evicting the least recently used.</summary>
    public void Keep(CachedDataset data)
    {
        if (data.Entry is not Entry entry) return;
        lock (_gate)
        {
            if (!_entries.TryGetValue(entry.Key, out var node))
            {
                if (entry.Bytes + entry.BytesOf(data) > CapacityBytes) return;
                node = _recency.AddFirst(entry);
                _entries[entry.Key] = node;
                _bytes += entry.Bytes;
            }
            // Another read of the same files may have been kept first: that copy stays, and this one (with
            // any view of it) is left to its caller, so no entry holds arrays it does not count.
            if (node.Value != entry) return;
            long added = entry.Store(data);
            entry.Bytes += added;
            _bytes += added;
            Evict(entry);
        }
    }

    CachedDataset Load(DatasetSpec spec, DatasetAccess access, bool keep, CancellationToken cancel)
    {
        var location = DatasetLoader.Locate(spec, access);
        if (Find(location.Key) is not Entry entry)
        {
            _reading.Wait(cancel);
            try
            {
                // Whoever held the gate may have kept the very files meanwhile.
                entry = Find(location.Key) ?? new Entry(location.Key, DatasetLoader.Read(location, cancel));
                if (keep) return Kept(entry, spec);
            }
            finally { _reading.Release(); }
        }
        return keep ? Kept(entry, spec) : View(entry, spec);
    }

    CachedDataset Kept(Entry entry, DatasetSpec spec)
    {
        var view = View(entry, spec);
        Keep(view);
        return view;
    }

    CachedDataset View(Entry entry, DatasetSpec spec)
    {
        var key = new ViewKey(spec.Limit, spec.Classes?.Length);
        lock (_gate)
            if (entry.Known(key) is CachedDataset known) return known;
        // Cutting the subset and fingerprinting it take a while: not under the lock.
        var loaded = DatasetLoader.View(entry.Full, spec);
        return new CachedDataset(loaded, DatasetFingerprint.Of(loaded), entry, key);
    }

    Entry? Find(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node)) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value;
        }
    }

    /// <summary>Drops least recently used entries until the cache fits; <paramref name="kept"/> goes last, and only if it alone is too large.</summary>
    void Evict(Entry kept)
    {
        while (_bytes > CapacityBytes && _recency.Last is { } last)
        {
            var victim = last.Value == kept && last.Previous is { } previous ? previous : last;
            _recency.Remove(victim);
            _entries.Remove(victim.Value.Key);
            _bytes -= victim.Value.Bytes;
        }
    }

    /// <summary>One set of files read whole, and the views (limits) kept of it, each with its fingerprint. Changed only under the cache's lock.</summary>
    internal sealed class Entry(string key, LoadedDataset full)
    {
        readonly Dictionary<ViewKey, CachedDataset> _views = new();

        public string Key => key;
        public LoadedDataset Full => full;

        /// <summary>The full dataset's bytes plus every kept subset's.</summary>
        public long Bytes { get; set; } = SizeOf(full.Train) + (full.Test is null ? 0 : SizeOf(full.Test));

        public CachedDataset? Known(ViewKey key) => _views.GetValueOrDefault(key);

        /// <summary>What keeping <paramref name="view"/> adds: a subset's own copy of its images, nothing for the whole (which shares the entry's arrays).</summary>
        public long BytesOf(CachedDataset view) => view.View is not { } key || key.Limit is null || Known(key) is not null ? 0 : SizeOf(view.Data.Train);

        /// <summary>Keeps <paramref name="view"/> unless one for its limit and class count is kept; returns the bytes added.</summary>
        public long Store(CachedDataset view)
        {
            long added = BytesOf(view);
            _views.TryAdd(view.View!.Value, view);
            return added;
        }

        static long SizeOf(Dataset d) => (long)d.Pixels.Length * sizeof(float) + d.Labels.Length;
    }
}

/// <summary>A loaded dataset (with its limit applied) and the fingerprint of all its images: the cross-validation ones and the held-out test split.</summary>
public sealed record CachedDataset(LoadedDataset Data, string Fingerprint)
{
    internal CachedDataset(LoadedDataset data, string fingerprint, DatasetCache.Entry entry, ViewKey view) : this(data, fingerprint)
    {
        Entry = entry;
        View = view;
    }

    /// <summary>The cache entry (the files read whole) this view was cut from, for <see cref="DatasetCache.Keep"/>.</summary>
    internal DatasetCache.Entry? Entry { get; }

    /// <summary>The limit and the number of class names applied to the entry, which tell its views apart.</summary>
    internal ViewKey? View { get; }
}

/// <summary>What tells two views of one cached dataset apart: the limit applied and the number of class names, if any.</summary>
internal readonly record struct ViewKey(int? Limit, int? ClassNames);
