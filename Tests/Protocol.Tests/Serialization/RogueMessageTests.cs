using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Serialization;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;
using Crossfold.Tests.Support;

namespace Crossfold.Tests.Serialization;

/// <summary>A message Crossfold's serializer cannot read, sent by a peer that claims Crossfold's serializer id.</summary>
public sealed record RogueMessage(string Manifest, byte[] Payload);

/// <summary>Sends <see cref="RogueMessage"/> payloads under Crossfold's serializer id, as a buggy or hostile peer would.</summary>
public sealed class RogueSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => MessagePackAkkaSerializer.Id;
    public override string Manifest(object o) => ((RogueMessage)o).Manifest;
    public override byte[] ToBinary(object obj) => ((RogueMessage)obj).Payload;
    public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException();
}

/// <summary>Over real TCP: an unknown or malformed payload is refused with a logged error, and the node keeps working.</summary>
public sealed class RogueMessageTests : IAsyncLifetime
{
    ActorSystem _receiver = null!, _sender = null!;
    readonly List<string> _logged = new();

    static Config Remote(int port, string extra) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{port}} }
        akka.loglevel = WARNING
        {{extra}}
        """);

    public Task InitializeAsync()
    {
        _receiver = ActorSystem.Create("receiver", Remote(TestPorts.Free(), $$"""
            akka.actor.serializers.crossfold = "{{typeof(MessagePackAkkaSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings { "{{typeof(IProtocolMessage).AssemblyQualifiedName}}" = crossfold }
            """));
        _sender = ActorSystem.Create("sender", Remote(TestPorts.Free(), $$"""
            akka.actor.serializers.rogue = "{{typeof(RogueSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings { "{{typeof(RogueMessage).AssemblyQualifiedName}}" = rogue }
            """));
        var collector = _receiver.ActorOf(Props.Create(() => new LogCollector(_logged)));
        _receiver.EventStream.Subscribe(collector, typeof(Error));
        _receiver.EventStream.Subscribe(collector, typeof(Warning));
        _receiver.ActorOf(Props.Create(() => new Echo()), "echo");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sender.Terminate();
        await _receiver.Terminate();
    }

    [Fact]
    public async Task Unknown_and_malformed_payloads_are_logged_and_dropped_and_the_node_lives_on()
    {
        var address = ((ExtendedActorSystem)_receiver).Provider.DefaultAddress;
        var echo = _sender.ActorSelection($"{address}/user/echo");
        Assert.Equal("ping-1", await echo.Ask<string>("ping-1", TimeSpan.FromSeconds(20)));

        echo.Tell(new RogueMessage("System.Diagnostics.Process", new byte[] { 0x90 }));
        echo.Tell(new RogueMessage("AssignJob", new byte[] { 0x92, 0xc1, 0xff, 0x00 }));

        await Eventually.True(() => Task.FromResult(Errors().Any(e => e.Contains("unknown manifest")) && Errors().Any(e => e.Contains("malformed AssignJob"))),
            TimeSpan.FromSeconds(20), "both refusals to be logged", () => string.Join("\n", Errors()));
        // The association survived: the receiver still answers.
        Assert.Equal("ping-2", await echo.Ask<string>("ping-2", TimeSpan.FromSeconds(20)));
    }

    List<string> Errors()
    {
        lock (_logged) return _logged.ToList();
    }

    sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<string>(s => Sender.Tell(s));
    }

    sealed class LogCollector : ReceiveActor
    {
        public LogCollector(List<string> errors) => Receive<LogEvent>(e =>
        {
            lock (errors) errors.Add($"{e.LogLevel()} {e.Message} {e.Cause}");
        });
    }
}
