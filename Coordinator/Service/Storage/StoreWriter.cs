using System.Threading.Channels;

namespace Crossfold.Coordinator.Storage;

/// <summary>
/// Writes the coordinator's changes to its store on a thread of its own, many at a time: the actor
/// hands over snapshots and goes on scheduling instead of waiting for the database. Whatever was
/// handed over before a crash and not yet written (a few milliseconds' worth) is only the latest
/// folds' results, and those jobs simply run again after a restart.
/// </summary>
public sealed class StoreWriter : IDisposable
{
    const int MaxBatch = 2000;
    readonly ISweepStore _store;
    readonly Action<Exception> _onError;
    readonly Channel<StoredSweep> _pending = Channel.CreateUnbounded<StoredSweep>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writing;

    public StoreWriter(ISweepStore store, Action<Exception> onError)
    {
        _store = store;
        _onError = onError;
        _writing = Task.Factory.StartNew(Write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Queues a snapshot for writing.</summary>
    public void Save(StoredSweep change) => _pending.Writer.TryWrite(change);

    async Task Write()
    {
        var batch = new List<StoredSweep>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var change)) batch.Add(change);
            try
            {
                _store.Save(batch);
            }
            catch (Exception e)
            {
                // Keep scheduling: the sweep can still finish; only a restart would miss these changes.
                _onError(e);
            }
            batch.Clear();
        }
    }

    /// <summary>Writes everything still queued, then closes the store.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writing.GetAwaiter().GetResult();
        _store.Dispose();
    }
}
