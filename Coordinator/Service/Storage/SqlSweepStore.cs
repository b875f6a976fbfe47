using System.Data.Common;
using System.Data;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Coordinator.Storage;

/// <summary>
/// The sweep store on a relational database through ADO.NET, with one schema and one set of
/// statements for SQLite and PostgreSQL (both speak INSERT … ON CONFLICT … DO UPDATE). Submissions
/// and fold outcomes are stored as MessagePack blobs of the protocol records; job specs are not
/// stored, they are rebuilt from the submission exactly as on the day it was made.
/// </summary>
public abstract class SqlSweepStore : ISweepStore
{
    readonly DbConnection _connection;

    protected SqlSweepStore(DbConnection connection, string blobType)
    {
        _connection = connection;
        _connection.Open();
        Execute($"""
            CREATE TABLE IF NOT EXISTS crossfold_sweeps (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                state TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                finished_ms BIGINT NULL,
                submission {blobType} NOT NULL);
            CREATE TABLE IF NOT EXISTS crossfold_jobs (
                sweep_id TEXT NOT NULL REFERENCES crossfold_sweeps(id),
                job_id INTEGER NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                misses INTEGER NOT NULL,
                outcome {blobType} NULL,
                error TEXT NULL,
                PRIMARY KEY (sweep_id, job_id));
            """);
    }

    public abstract string Description { get; }

    public void Save(IReadOnlyList<StoredSweep> changes)
    {
        using var transaction = _connection.BeginTransaction();
        using var sweep = Command("""
            INSERT INTO crossfold_sweeps (id, name, state, created_ms, finished_ms, submission)
            VALUES (@id, @name, @state, @created, @finished, @submission)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, finished_ms = excluded.finished_ms
            """, transaction);
        var s = new[] { "id", "name", "state", "created", "finished", "submission" }.Select(n => Add(sweep, n, null)).ToArray();
        using var job = Command("""
            INSERT INTO crossfold_jobs (sweep_id, job_id, status, attempts, misses, outcome, error)
            VALUES (@sweep, @job, @status, @attempts, @misses, @outcome, @error)
            ON CONFLICT (sweep_id, job_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
                misses = excluded.misses, outcome = excluded.outcome, error = excluded.error
            """, transaction);
        var p = new[] { "sweep", "job", "status", "attempts", "misses", "outcome", "error" }.Select(n => Add(job, n, null)).ToArray();
        var written = new HashSet<string>();
        foreach (var change in changes)
        {
            var submission = change.Submission;
            // The submission blob is written once per batch and sweep; later rows only move its state.
            if (written.Add(submission.SweepId) || change.State != SweepState.Running)
            {
                s[0].Value = submission.SweepId;
                s[1].Value = submission.Definition.Name;
                s[2].Value = change.State.ToString();
                s[3].Value = change.Created.ToUnixTimeMilliseconds();
                s[4].Value = (object?)change.Finished?.ToUnixTimeMilliseconds() ?? DBNull.Value;
                s[5].Value = ProtocolSerialization.Serialize(submission);
                sweep.ExecuteNonQuery();
            }
            foreach (var j in change.Jobs)
            {
                p[0].Value = submission.SweepId;
                p[1].Value = j.JobId;
                p[2].Value = j.Status.ToString();
                p[3].Value = j.Attempts;
                p[4].Value = j.Misses;
                p[5].Value = j.Outcome is null ? DBNull.Value : ProtocolSerialization.Serialize(j.Outcome);
                p[6].Value = (object?)j.Error ?? DBNull.Value;
                job.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    public IReadOnlyList<StoredSweep> Load()
    {
        var jobs = new Dictionary<string, List<StoredJob>>();
        using (var read = Command("SELECT sweep_id, job_id, status, attempts, misses, outcome, error FROM crossfold_jobs ORDER BY sweep_id, job_id"))
        using (var r = read.ExecuteReader())
            while (r.Read())
            {
                string sweep = r.GetString(0);
                if (!jobs.TryGetValue(sweep, out var list)) jobs[sweep] = list = new List<StoredJob>();
                list.Add(new StoredJob(r.GetInt32(1), Enum.Parse<JobStatus>(r.GetString(2)), r.GetInt32(3), r.GetInt32(4),
                    r.IsDBNull(5) ? null : ProtocolSerialization.Deserialize<FoldOutcome>((byte[])r.GetValue(5)),
                    r.IsDBNull(6) ? null : r.GetString(6)));
            }
        var sweeps = new List<StoredSweep>();
        using (var read = Command("SELECT id, state, created_ms, finished_ms, submission FROM crossfold_sweeps ORDER BY created_ms, id"))
        using (var r = read.ExecuteReader())
            while (r.Read())
                sweeps.Add(new StoredSweep(ProtocolSerialization.Deserialize<SubmitSweep>((byte[])r.GetValue(4)),
                    Enum.Parse<SweepState>(r.GetString(1)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                    r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
                    jobs.GetValueOrDefault(r.GetString(0)) ?? new List<StoredJob>()));
        return sweeps;
    }

    protected void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    DbCommand Command(string sql, DbTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public void Dispose() => _connection.Dispose();
}
