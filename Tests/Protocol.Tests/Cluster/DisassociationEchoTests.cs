using Akka.Remote;
using Crossfold.Protocol.Cluster;
using Microsoft.Extensions.Logging;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// The logger factory Akka.NET logs through drops the transport's echo of a clean leave (texts as Akka.NET 1.5.73 hands
/// them to the host's loggers, as CI printed them) and passes on everything that reports a real failure.
/// </summary>
public sealed class DisassociationEchoTests
{
    const string Writer = "akka.tcp://crossfold@127.0.0.1:35955/system/endpointManager/reliableEndpointWriter-akka.tcp%3A%2F%2Fcrossfold%40127.0.0.1%3A41469-1";

    // Akka.NET's own (internal) exception type, so the texts are the ones it writes.
    static Exception Disassociated() => (Exception)Activator.CreateInstance(
        typeof(RemoteTransportException).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!,
        System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, null,
        new object[] { "Disassociated" }, null)!;

    static string Entry(string level, string source, string message) => $"[{level}][12/02/2026 10:14:29.501Z][Thread 0009][{source}] {message}";

    static string Gated(string remote, Exception reason) =>
        Entry("WARNING", Writer, $"Association with remote system {remote} has failed; address is now gated for 5000 ms. Reason is: [{reason}]");

    /// <summary>Collects what reaches the host's loggers.</summary>
    sealed class Host : ILoggerFactory, ILogger
    {
        public List<string> Written { get; } = new();
        public ILogger CreateLogger(string categoryName) => this;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add(formatter(state, exception));
    }

    static bool Kept(LogLevel level, string text, Exception? cause = null)
    {
        var host = new Host();
        new QuietLoggerFactory(host).CreateLogger("Akka.Actor.ActorSystem").Log(level, default, text, cause, (s, _) => s);
        return host.Written.SequenceEqual([text]);
    }

    [Fact]
    public void The_echo_of_a_peer_that_closed_its_connection_is_dropped()
    {
        Assert.False(Kept(LogLevel.Warning, Gated("akka.tcp://crossfold@127.0.0.1:41469", Disassociated())));
        Assert.False(Kept(LogLevel.Error, Entry("ERROR", Writer + "/endpointWriter", "Disassociated"), Disassociated()));
        Assert.False(Kept(LogLevel.Warning, Entry("WARNING", "TcpClientHandler (akka://crossfold)",
            "Unable to REMOVE channel [[::ffff:127.0.0.1]:53952->[::ffff:127.0.0.1]:41849](Id=58733471) from connection group. May not shut down cleanly.")));
    }

    [Fact]
    public void Real_failures_and_ordinary_lines_are_kept()
    {
        Assert.True(Kept(LogLevel.Warning, Entry("WARNING", "remoting (akka://crossfold)",
            "Tried to associate with unreachable remote address [akka.tcp://crossfold@10.0.0.7:4053]. Address is now gated for 5000 ms, " +
            "all messages to this address will be delivered to dead letters. Reason: [Association failed]")));
        Assert.True(Kept(LogLevel.Warning, Gated("akka.tcp://crossfold@10.0.0.7:4053", new System.Net.Sockets.SocketException(104))));
        Assert.True(Kept(LogLevel.Warning, Entry("WARNING", "Akka.Cluster.Cluster",
            "Cluster Node [akka.tcp://crossfold@127.0.0.1:4053] - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://crossfold@127.0.0.1:41469, status = Up)]")));
        Assert.True(Kept(LogLevel.Error, Entry("ERROR", "akka://crossfold/user/x", "Disassociated from a peer that broke"), new InvalidOperationException("boom")));
        Assert.True(Kept(LogLevel.Information, "Sweep s accepted"));
    }
}
