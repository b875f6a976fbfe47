using Akka.Actor;
using Crossfold.Coordinator.Actors;
using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Storage;
using Crossfold.Core.Data;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Core.Search;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Crossfold.Tests.Scheduling;
using Crossfold.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Crossfold.Tests.Scheduling.SchedulerFixture;

namespace Crossfold.Tests.Storage;

/// <summary>
/// The sweep store on a real database: what is saved comes back exactly, and a new coordinator
/// incarnation resumes a sweep from it. Run once on SQLite and once on PostgreSQL (same schema).
/// </summary>
public abstract class SweepStoreTests : IDisposable
{
    protected abstract ISweepStore Open();

    public abstract void Dispose();

    [Fact]
    public void What_is_saved_comes_back_exactly()
    {
        var f = new SchedulerFixture(maxRetries: 0);
        f.Submit(Sweep("store-1", 3, "seed-mlp-2", "seed-cnn-2"));
        var a = Slot("a");
        var first = Assignments(f.Scheduler.RequestWork(a, f.Now)).Single();
        f.Scheduler.Complete("store-1", first.Job.JobId, first.Attempt, Outcome(0.875), a.Key, f.Now);
        var second = Assignments(f.Scheduler.RequestWork(a, f.Now)).Single();
        f.Scheduler.Fail("store-1", second.Job.JobId, second.Attempt, "out of memory", a.Key, f.Now);
        var run = f.Scheduler.Sweeps["store-1"];

        using (var store = Open())
        {
            store.Save(new[] { StoredSweep.Of(run, run.Jobs) }); // every job, as on submission
            store.Save(new[] { StoredSweep.Of(run, new[] { run.Jobs[first.Job.JobId] }) }); // and again: an upsert, not a duplicate
        }
        using var reopened = Open();
        var stored = reopened.Load().Single(s => s.Submission.SweepId == "store-1");
        Assert.Equal(ProtocolSerialization.Serialize(run.Submission), ProtocolSerialization.Serialize(stored.Submission));
        Assert.Equal(run.Created.ToUnixTimeMilliseconds(), stored.Created.ToUnixTimeMilliseconds());
        Assert.Equal(6, stored.Jobs.Count);
        var done = stored.Jobs.Single(j => j.JobId == first.Job.JobId);
        Assert.Equal((JobStatus.Done, 1, 0, 0.875), (done.Status, done.Attempts, done.Misses, done.Outcome!.Test.Accuracy));
        var failed = stored.Jobs.Single(j => j.JobId == second.Job.JobId);
        Assert.Equal((JobStatus.Failed, "out of memory", 1), (failed.Status, failed.Error, failed.Misses));
        Assert.All(stored.Jobs.Where(j => j.JobId != first.Job.JobId && j.JobId != second.Job.JobId), j => Assert.Equal(JobStatus.Queued, j.Status));
    }

    [Fact]
    public void An_expired_sweep_comes_back_expired_with_its_time_budgets_deadline()
    {
        var f = new SchedulerFixture();
        f.Submit(TimeBudgetSchedulingTests.Budgeted("store-budget"));
        var run = f.Scheduler.Sweeps["store-budget"];
        using (var store = Open()) store.Save(new[] { StoredSweep.Of(run, run.Jobs) });
        f.Now += TimeSpan.FromHours(1);
        f.Scheduler.EndSpentSweeps(f.Now);
        using (var store = Open()) store.Save(new[] { StoredSweep.Of(run, run.Jobs) });

        using var reopened = Open();
        var stored = reopened.Load().Single(s => s.Submission.SweepId == "store-budget");
        Assert.Equal((SweepState.Expired, f.Now), (stored.State, stored.Finished));
        Assert.Equal(run.Deadline, TimeBudget.Deadline(stored.Submission.Definition.Search, stored.Created));
        Assert.All(stored.Jobs, j => Assert.Equal(JobStatus.Cancelled, j.Status));
    }

    [Fact]
    public async Task A_new_coordinator_resumes_a_sweep_from_the_store()
    {
        var before = await Incarnation(async (coordinator, _) =>
        {
            var accepted = await coordinator.Ask<IProtocolMessage>(Sweep("store-2", 3, "seed-mlp-2", "seed-cnn-2"), TimeSpan.FromSeconds(10));
            Assert.IsType<SweepAccepted>(accepted);
            await Eventually.True(async () => (await coordinator.Ask<SweepStatus>(new GetSweepStatus("store-2"))).Done >= 2,
                TimeSpan.FromSeconds(30), "two folds to finish");
            return (await coordinator.Ask<SweepResultsReady>(new GetSweepResults("store-2"))).Results;
        }, slots: 1);

        var after = await Incarnation(async (coordinator, startSlot) =>
        {
            var resumed = await coordinator.Ask<SweepStatus>(new GetSweepStatus("store-2"));
            Assert.Equal((SweepState.Running, 0), (resumed.State, resumed.Running));
            Assert.True(resumed.Done >= 2);
            startSlot();
            await Eventually.True(async () => (await coordinator.Ask<SweepStatus>(new GetSweepStatus("store-2"))).State == SweepState.Completed,
                TimeSpan.FromSeconds(30), "the resumed sweep to finish");
            return (await coordinator.Ask<SweepResultsReady>(new GetSweepResults("store-2"))).Results;
        }, slots: 0);

        Assert.All(after.Jobs, j => Assert.NotNull(j.Outcome));
        foreach (var kept in before.Jobs.Where(j => j.Outcome is not null))
            Assert.Equal(kept.Outcome!.Seconds, after.Jobs[kept.JobId].Outcome!.Seconds);
    }

    /// <summary>One coordinator incarnation on the store, in an actor system of its own, with scripted slots.</summary>
    async Task<T> Incarnation<T>(Func<IActorRef, Action, Task<T>> body, int slots)
    {
        using var system = ActorSystem.Create("store-test", "akka.loglevel = WARNING");
        var coordinator = system.ActorOf(SweepCoordinatorActor.Props(SchedulerOptions.Default, Open), "coordinator");
        int started = 0;
        void StartSlot()
        {
            var info = new SlotInfo("store-node", started++, "cpu", "CPU", 0, 1, 1, "");
            system.ActorOf(Props.Create(() => new ScriptedSlot(coordinator, info)));
        }
        for (int i = 0; i < slots; i++) StartSlot();
        try
        {
            return await body(coordinator, StartSlot);
        }
        finally
        {
            await system.Terminate();
        }
    }
}

/// <summary>
/// A worker slot reduced to its protocol: asks for work, "trains" each job for 150 ms and reports an
/// outcome whose duration tells the two incarnations' results apart. The store is under test here; the
/// real slot actor trains in the system tests.
/// </summary>
sealed class ScriptedSlot : ReceiveActor
{
    public ScriptedSlot(IActorRef coordinator, SlotInfo info)
    {
        coordinator.Tell(new WorkRequested(info));
        ReceiveAsync<AssignJob>(async assigned =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(150);
            var outcome = Outcome(0.5 + assigned.Job.JobId / 100.0) with { Seconds = clock.Elapsed.TotalSeconds };
            coordinator.Tell(new FoldReported(assigned.Job.SweepId, assigned.Job.JobId, assigned.Attempt, outcome));
            coordinator.Tell(new WorkRequested(info));
        });
        Receive<StopJob>(_ => { });
    }
}

/// <summary>The store on a SQLite file (the default).</summary>
public sealed class SqliteSweepStoreTests : SweepStoreTests
{
    readonly string _dir = Directory.CreateTempSubdirectory("crossfold-sqlite-").FullName;

    protected override ISweepStore Open() => new SqliteSweepStore(Path.Combine(_dir, "crossfold.db"));

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }
}

/// <summary>
/// The store on a real PostgreSQL server (scripts/test.sh starts one on loopback and sets
/// CROSSFOLD_TEST_POSTGRES); each test gets a database of its own.
/// </summary>
[Trait("Category", "Database")]
public sealed class PostgresSweepStoreTests : SweepStoreTests
{
    readonly string _admin;
    readonly string _database = "crossfold_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresSweepStoreTests()
    {
        _admin = Environment.GetEnvironmentVariable("CROSSFOLD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CROSSFOLD_TEST_POSTGRES is not set: run the suite with scripts/test.sh, which starts a PostgreSQL server");
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
        create.ExecuteNonQuery();
    }

    protected override ISweepStore Open() =>
        new PostgresSweepStore(new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString);

    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
