using Akka.Actor;
using Akka.Configuration;
using Crossfold.Protocol.Cluster;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// A cluster of mixed Crossfold versions is refused as a whole, with a clear message, instead of
/// failing message by message: a member that does not speak this protocol is taken out of the
/// cluster by the coordinator, and a worker that finds an old coordinator stops and says why.
/// </summary>
public sealed class ProtocolVersionTests
{
    /// <summary>A bare Akka cluster node named like Crossfold's, with roles but without a protocol role (what Crossfold 0.1 nodes are).</summary>
    static ActorSystem OldNode(int port, string role, string seed) => ActorSystem.Create(ClusterNodeOptions.SystemName, ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{port}} }
        akka.cluster.roles = [{{role}}]
        akka.cluster.seed-nodes = ["akka.tcp://crossfold@{{seed}}"]
        akka.loglevel = OFF
        """));

    [Fact]
    public async Task A_member_of_another_protocol_is_taken_out_of_the_cluster()
    {
        await using var nodes = await InProcessNodes.Start();
        var old = OldNode(TestPorts.Free(), ClusterRoles.Worker, nodes.Seeds[0]);
        try
        {
            // Downed by the coordinator, the old node's cluster shuts its actor system down, and it leaves the member list.
            await Eventually.True(() => Task.FromResult(old.WhenTerminated.IsCompleted), TimeSpan.FromSeconds(60), "the old node to be downed");
            await Eventually.True(async () => (await nodes.Client.Cluster()).Members.All(m => m.Roles.Contains(ProtocolVersion.Role)),
                TimeSpan.FromSeconds(60), "the old node to leave the member list");
        }
        finally
        {
            await old.Terminate();
        }
    }

    [Fact]
    public async Task A_worker_that_finds_an_old_coordinator_stops_and_says_why()
    {
        int port = TestPorts.Free();
        var old = OldNode(port, ClusterRoles.Coordinator, $"127.0.0.1:{port}");
        try
        {
            using var worker = NodeProcess.Start("worker", RepoPaths.WorkerDll,
                ["--coordinator", $"127.0.0.1:{port}", "--devices", "cpu", "--slots", "1"]);
            Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(90)), worker.Output);
            Assert.True(worker.ExitCode == 2, worker.Output);
            Assert.Contains($"speaks Crossfold protocol 1 (or none), this node speaks protocol {ProtocolVersion.Current}", worker.Output);
            Assert.Contains("run the same Crossfold version on every node", worker.Output);
        }
        finally
        {
            await old.Terminate();
        }
    }
}
