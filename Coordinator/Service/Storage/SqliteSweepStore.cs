using Microsoft.Data.Sqlite;

namespace Crossfold.Coordinator.Storage;

/// <summary>The default store: one SQLite file under the coordinator's data directory.</summary>
public sealed class SqliteSweepStore : SqlSweepStore
{
    readonly string _path;

    public SqliteSweepStore(string path) : base(Open(path), "BLOB")
    {
        _path = path;
        // WAL keeps readers and the single writer apart; NORMAL sync is durable across process crashes.
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    }

    static SqliteConnection Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
    }

    public override string Description => $"SQLite {Path.GetFullPath(_path)}";
}
