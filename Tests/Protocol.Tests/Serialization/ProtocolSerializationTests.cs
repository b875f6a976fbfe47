using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Tests.Serialization;

/// <summary>Every message that crosses the wire is bound to the MessagePack serializer and survives a round trip intact.</summary>
public sealed class ProtocolSerializationTests : IDisposable
{
    readonly ActorSystem _system = ActorSystem.Create("serialization-test", ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.{{MessagePackAkkaSerializer.Name}} = "{{typeof(MessagePackAkkaSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = {{MessagePackAkkaSerializer.Name}} }
        }
        """));

    public void Dispose() => _system.Terminate().Wait();

    public static TheoryData<string> Manifests() => new(ProtocolTypes.ByManifest.Keys.OrderBy(k => k));

    [Fact]
    public void The_protocol_has_every_conversation_step()
    {
        foreach (var name in new[] { "WorkRequested", "AssignJob", "JobHeartbeat", "EpochReported", "FoldReported", "JobFailureReported",
                     "JobHandedBack", "StopJob", "SubmitSweep", "SweepAccepted", "SweepRejected", "CancelSweep", "GetSweepStatus",
                     "SweepStatus", "GetSweepResults", "SweepResultsReady", "SubscribeToSweeps", "JobStarted", "SweepEnded" })
            Assert.Contains(name, ProtocolTypes.ByManifest.Keys);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Message_is_bound_to_messagepack_and_round_trips(string manifest)
    {
        var type = ProtocolTypes.ByManifest[manifest];
        var message = SampleValues.For(type);

        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<MessagePackAkkaSerializer>(serializer);
        var withManifest = (MessagePackAkkaSerializer)serializer;
        Assert.Equal(manifest, withManifest.Manifest(message));

        byte[] bytes = withManifest.ToBinary(message);
        var back = withManifest.FromBinary(bytes, manifest);
        Assert.IsType(type, back);
        // Records holding arrays do not compare structurally; identical bytes after a second trip do.
        Assert.Equal(bytes, withManifest.ToBinary(back));
        Assert.Equal(message.ToString(), back.ToString());
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var serializer = (MessagePackAkkaSerializer)_system.Serialization.FindSerializerForType(typeof(WorkRequested));
        var e = Assert.Throws<SerializationException>(() => serializer.FromBinary(new byte[] { 0x90 }, "System.Diagnostics.Process"));
        Assert.Contains("unknown manifest", e.Message);
    }

    [Fact]
    public void A_malformed_payload_is_refused_with_its_manifest_named()
    {
        var serializer = (MessagePackAkkaSerializer)_system.Serialization.FindSerializerForType(typeof(AssignJob));
        var e = Assert.Throws<SerializationException>(() => serializer.FromBinary(new byte[] { 0x92, 0xc1, 0xff, 0x00 }, "AssignJob"));
        Assert.Contains("malformed AssignJob", e.Message);
    }
}
