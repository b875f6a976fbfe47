using Npgsql;

namespace Crossfold.Coordinator.Storage;

/// <summary>The store on PostgreSQL, for coordinators that share one database (or keep state off their disk).</summary>
public sealed class PostgresSweepStore(string connectionString)
    : SqlSweepStore(new NpgsqlConnection(connectionString), "BYTEA")
{
    readonly string _where = Where(connectionString);

    static string Where(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}"; // never the password
    }

    public override string Description => $"PostgreSQL {_where}";
}
