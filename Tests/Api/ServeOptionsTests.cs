using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Shared;
using Crossfold.Shared.Cluster;

namespace Crossfold.Tests.Api;

/// <summary>The API listens on loopback unless told otherwise, and then refuses to start without a token.</summary>
public sealed class ServeOptionsTests
{
    static ServeOptions Options(string http, string? token) => new(http, new ClusterNodeOptions("127.0.0.1", 0, null, Array.Empty<string>()),
        Path.GetTempPath(), null, token, ServeOptions.DefaultMaxBodyBytes, SchedulerOptions.Default);

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    public void Loopback_is_recognised(string url, bool loopback) => Assert.Equal(loopback, Options(url, null).HttpIsLoopback);

    [Fact]
    public void A_coordinator_open_to_other_machines_refuses_to_start_without_a_token()
    {
        var e = Assert.Throws<InputException>(() => CoordinatorServer.Build(Options("http://0.0.0.0:5999", null)));
        Assert.Contains("--token", e.Message);
        Assert.Contains("no default token", e.Message);
    }
}
