using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Crossfold.Protocol.Serialization;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Security;

/// <summary>Types whose construction a test can see: a payload that names them must never make a node build one.</summary>
public static class Canaries
{
    static int _json, _protobuf, _exception;

    public static (int Json, int Protobuf, int Exception) Read() => (Volatile.Read(ref _json), Volatile.Read(ref _protobuf), Volatile.Read(ref _exception));

    public static void Reset() => (_json, _protobuf, _exception) = (0, 0, 0);

    public sealed class JsonCanary
    {
        public JsonCanary() => Interlocked.Increment(ref _json);
    }

    public sealed class ProtobufCanary
    {
        public ProtobufCanary() => Interlocked.Increment(ref _protobuf);
    }

    public sealed class CanaryException : Exception
    {
        public CanaryException() { }

        // Counted before the base constructor, which may still reject what it was given.
        static SerializationInfo Seen(SerializationInfo info)
        {
            Interlocked.Increment(ref _exception);
            return info;
        }

#pragma warning disable SYSLIB0051 // the legacy constructor is exactly what Akka's exception support invokes
        CanaryException(SerializationInfo info, StreamingContext context) : base(Seen(info), context) { }
#pragma warning restore SYSLIB0051
    }
}

/// <summary>
/// Payloads under Akka's own serializer ids that name an arbitrary type — JSON `$type`, the raw
/// protobuf serializer, exceptions in Status.Failure and in system messages — sent over real TCP by a
/// peer that is no member. A vanilla Akka node builds the named objects (so the test can see an
/// attack work); a Crossfold node builds nothing and keeps running.
/// </summary>
public sealed class UnsafePayloadTests
{
    static RawPayload[] Payloads()
    {
        string json = typeof(Canaries.JsonCanary).AssemblyQualifiedName!, proto = typeof(Canaries.ProtobufCanary).AssemblyQualifiedName!;
        string exception = typeof(Canaries.CanaryException).AssemblyQualifiedName!;
        return
        [
            new JsonPayload(json, Encoding.UTF8.GetBytes($$"""{"$type":"{{json}}"}""")),
            new ProtobufPayload(proto, []),
            // Status.Failure: the exception (typeName, message), and a state payload of Akka's byte-array serializer.
            new MiscPayload("STF", [.. Protobuf.Message(1, Protobuf.Text(1, exception), Protobuf.Text(2, "boom"), Protobuf.Message(5)), .. Protobuf.Message(2, Protobuf.Number(2, 4))]),
            new SystemMessagePayload("Akka.Dispatch.SysMsg.Recreate, Akka", Protobuf.Message(1, Protobuf.Text(1, exception), Protobuf.Text(2, "boom"), Protobuf.Message(5))),
        ];
    }

    [Fact]
    public async Task Payloads_naming_types_build_them_on_plain_akka_and_build_nothing_on_a_crossfold_node()
    {
        // The control: a plain Akka remoting node, as Akka ships.
        Canaries.Reset();
        var plain = ActorSystem.Create("crossfold", ConfigurationFactory.ParseString(
            $"akka.actor.provider = remote\nakka.remote.dot-netty.tcp {{ hostname = 127.0.0.1, port = {TestPorts.Free()} }}\nakka.loglevel = OFF"));
        plain.ActorOf(Props.Create(() => new Sink()), "target");
        var plainAddress = ((ExtendedActorSystem)plain).Provider.DefaultAddress;
        await using (var attacker = RemotingAttacker.Start())
        {
            foreach (var payload in Payloads()) attacker.System.ActorSelection($"{plainAddress}/user/target").Tell(payload);
            await Eventually.True(() => Task.FromResult(Canaries.Read() is { Json: > 0, Protobuf: > 0, Exception: > 0 }), TimeSpan.FromSeconds(20),
                "the plain node to build every canary", () => Canaries.Read().ToString());
        }
        await plain.Terminate();

        // A Crossfold coordinator node, built by the production code.
        Canaries.Reset();
        await using var nodes = await InProcessNodes.Start();
        int port = int.Parse(nodes.Seeds[0].Split(':')[1]);
        await Eventually.True(async () => (await nodes.Client.List()) is not null, TimeSpan.FromSeconds(30), "the coordinator to answer");
        await using (var attacker = RemotingAttacker.Start())
        {
            foreach (var payload in Payloads()) attacker.Coordinator(port).Tell(payload);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        Assert.Equal((0, 0, 0), Canaries.Read());
        Assert.Empty(await nodes.Client.List()); // the node lives on and answers
    }

    [Fact]
    public async Task Every_serializer_a_node_accepts_is_a_guard_crossfold_s_own_or_one_that_builds_no_named_type()
    {
        // Akka serializers that decode a closed set of messages of their own (cluster gossip, heartbeats,
        // singleton and pub-sub protocol, primitives, byte arrays, actor selection containers) and never
        // instantiate a type named on the wire. A new serializer after an Akka upgrade fails this test
        // until someone has read what it does with its input.
        string[] reviewed =
        [
            "Akka.Serialization.NullSerializer", "Akka.Serialization.ByteArraySerializer", "Akka.Remote.Serialization.PrimitiveSerializers",
            "Akka.Remote.Serialization.MessageContainerSerializer", "Akka.Cluster.Serialization.ClusterMessageSerializer",
            "Akka.Cluster.Tools.Singleton.Serialization.ClusterSingletonMessageSerializer",
            "Akka.Cluster.Tools.PublishSubscribe.Serialization.DistributedPubSubMessageSerializer",
            "Akka.Cluster.Tools.Client.Serialization.ClusterClientMessageSerializer",
            "Akka.DistributedData.Serialization.ReplicatorMessageSerializer", "Akka.DistributedData.Serialization.ReplicatedDataSerializer",
        ];
        var system = ActorSystem.Create("audit", ConfigurationFactory.ParseString(AkkaSerializerGuards.Hocon + $$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.actor.serializers.{{MessagePackAkkaSerializer.Name}} = "{{typeof(MessagePackAkkaSerializer).AssemblyQualifiedName}}"
            akka.loglevel = OFF
            """).WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig()));
        try
        {
            // Akka has no public list of its serializers by id; the field is what its own lookup uses.
            var byId = (IReadOnlyDictionary<int, Akka.Serialization.Serializer>)typeof(Akka.Serialization.Serialization)
                .GetField("_serializersById", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .GetValue(((ExtendedActorSystem)system).Serialization)!;
            var found = byId.Values.ToList();
            Assert.Contains(found, s => s is MessagePackAkkaSerializer);
            foreach (int id in AkkaSerializerGuards.GuardedIds)
                Assert.StartsWith(typeof(AkkaSerializerGuards).FullName!, byId[id].GetType().FullName);
            var unknown = found.Where(s => s.GetType().FullName!.StartsWith("Akka", StringComparison.Ordinal) && !reviewed.Contains(s.GetType().FullName))
                .Select(s => $"{s.Identifier}: {s.GetType().FullName}").ToList();
            Assert.True(unknown.Count == 0, "serializers nobody reviewed: " + string.Join(", ", unknown));
        }
        finally
        {
            await system.Terminate();
        }
    }

    sealed class Sink : ReceiveActor
    {
        public Sink() => ReceiveAny(_ => { });
    }
}

/// <summary>Just enough protobuf encoding to write Akka's wire messages by hand.</summary>
static class Protobuf
{
    public static byte[] Text(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Message(int field, params byte[][] fields) => Field(field, fields.SelectMany(f => f).ToArray());

    public static byte[] Number(int field, ulong value) => [.. Varint((ulong)(field << 3)), .. Varint(value)];

    static byte[] Field(int field, byte[] content) => [.. Varint((ulong)(field << 3 | 2)), .. Varint((ulong)content.Length), .. content];

    static IEnumerable<byte> Varint(ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            yield return value == 0 ? b : (byte)(b | 0x80);
        } while (value != 0);
    }
}
