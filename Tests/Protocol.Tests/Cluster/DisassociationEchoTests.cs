using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>
/// The log filter that hides the transport's echo of a clean leave drops exactly that echo (log events built as
/// Akka.NET 1.5.73 raised them in CI, judged by Akka.NET's own filter evaluator) and keeps what reports a real failure.
/// </summary>
public sealed class DisassociationEchoTests
{
    const string Writer = "akka.tcp://crossfold@127.0.0.1:35955/system/endpointManager/reliableEndpointWriter-akka.tcp%3A%2F%2Fcrossfold%40127.0.0.1%3A41469-1";

    // Akka.NET's own (internal) exception type, so the texts are the ones it writes.
    static Exception Disassociated() => (Exception)Activator.CreateInstance(
        typeof(RemoteTransportException).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!,
        System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, null,
        new object[] { "Disassociated" }, null)!;

    static string Gated(string remote, Exception reason) =>
        $"Association with remote system {remote} has failed; address is now gated for 5000 ms. Reason is: [{reason}]";

    static bool Kept(LogEvent e) => CrossfoldCluster.QuietLogFilter(new LogFilterBuilder()).Build().CreateEvaluator().ShouldTryKeepMessage(e, out _);

    public static TheoryData<LogEvent> Echoes() => new()
    {
        new Warning(Writer, typeof(object), Gated("akka.tcp://crossfold@127.0.0.1:41469", Disassociated())),
        new Error(Disassociated(), Writer + "/endpointWriter", typeof(object), "Disassociated"),
        new Warning("TcpClientHandler (akka://crossfold)", typeof(object),
            "Unable to REMOVE channel [[::ffff:127.0.0.1]:53952->[::ffff:127.0.0.1]:41849](Id=58733471) from connection group. May not shut down cleanly."),
    };

    public static TheoryData<LogEvent> Failures() => new()
    {
        new Warning("remoting (akka://crossfold)", typeof(object),
            "Tried to associate with unreachable remote address [akka.tcp://crossfold@10.0.0.7:4053]. Address is now gated for 5000 ms, all messages to this address will be delivered to dead letters. Reason: [Association failed]"),
        new Warning(Writer, typeof(object), Gated("akka.tcp://crossfold@10.0.0.7:4053", new System.Net.Sockets.SocketException(104))),
        new Warning("Akka.Cluster.Cluster", typeof(object),
            "Cluster Node [akka.tcp://crossfold@127.0.0.1:4053] - Marking node(s) as UNREACHABLE [Member(address = akka.tcp://crossfold@127.0.0.1:41469, status = Up)]"),
        new Error(new InvalidOperationException("boom"), "akka://crossfold/user/x", typeof(object), "Disassociated from a peer that broke"),
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public void The_echo_of_a_peer_that_closed_its_connection_is_dropped(LogEvent e) => Assert.False(Kept(e), e.ToString());

    [Theory]
    [MemberData(nameof(Failures))]
    public void Real_failures_are_kept(LogEvent e) => Assert.True(Kept(e), e.ToString());
}
