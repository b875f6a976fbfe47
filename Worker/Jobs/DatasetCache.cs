using System.Collections.Concurrent;
using Crossfold.Shared.Data;

namespace Crossfold.Worker.Jobs;

/// <summary>
/// The datasets this node has loaded, once each: every slot of the node shares them, and a job
/// never reloads the images another job already read.
/// </summary>
public sealed class DatasetCache
{
    readonly ConcurrentDictionary<DatasetSpec, Lazy<CachedDataset>> _loaded = new();

    /// <summary>Loads (or returns the already loaded) dataset of <paramref name="spec"/>.</summary>
    public CachedDataset Get(DatasetSpec spec)
    {
        var lazy = _loaded.GetOrAdd(spec, s => new Lazy<CachedDataset>(() => Load(s)));
        try { return lazy.Value; }
        catch
        {
            _loaded.TryRemove(spec, out _); // a failed load (file not there yet) may succeed later
            throw;
        }
    }

    static CachedDataset Load(DatasetSpec spec)
    {
        var loaded = DatasetLoader.Load(spec);
        return new CachedDataset(loaded, DatasetFingerprint.Of(loaded.Train));
    }
}

/// <summary>A loaded dataset and the fingerprint of its cross-validation images.</summary>
public sealed record CachedDataset(LoadedDataset Data, string Fingerprint);
