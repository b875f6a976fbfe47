using Akka.Actor;
using Akka.Cluster;

namespace Crossfold.Worker.Hosting;

/// <summary>
/// A worker has no HTTP port, so it tells probes how it is in a file: one line "STATE UNIX-SECONDS",
/// rewritten every 10 s (write beside, then rename, so a probe never reads half a line), where STATE is
/// joining, up or leaving. A stale file means a hung process. Removed when the worker exits.
/// </summary>
public sealed class HealthFile : IDisposable
{
    readonly string _path;
    readonly Timer _timer;
    readonly object _gate = new();
    ActorSystem? _system;

    public HealthFile(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        Write("joining");
        _timer = new Timer(_ => Refresh(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <summary>Follows this actor system's cluster membership from now on (a rejoin brings a new one).</summary>
    public void Follow(ActorSystem system)
    {
        lock (_gate) _system = system;
        Refresh();
    }

    /// <summary>The state a cluster member status maps to.</summary>
    public static string StateOf(MemberStatus? status) => status switch
    {
        MemberStatus.Up => "up",
        MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed => "leaving",
        _ => "joining",
    };

    void Refresh()
    {
        MemberStatus? status = null;
        lock (_gate)
            if (_system is { WhenTerminated.IsCompleted: false } system)
                status = Cluster.Get(system).SelfMember.Status;
        Write(StateOf(status));
    }

    void Write(string state)
    {
        lock (_gate)
        {
            string temp = _path + ".tmp";
            File.WriteAllText(temp, $"{state} {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\n");
            File.Move(temp, _path, overwrite: true);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate) File.Delete(_path);
    }
}
