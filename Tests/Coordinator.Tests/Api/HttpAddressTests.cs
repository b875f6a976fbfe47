using Crossfold.Coordinator.Scheduling;
using Crossfold.Coordinator.Server;
using Crossfold.Core;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Tests.Api;

/// <summary>
/// --http is read as Kestrel reads it: loopback only when Kestrel binds loopback, every trick that makes
/// Kestrel bind elsewhere refused or treated as open to the network (which needs a token).
/// </summary>
public sealed class HttpAddressTests
{
    static ServeOptions Options(string http, string? token) => new(http, new ClusterNodeOptions("127.0.0.1", 0, null, Array.Empty<string>()),
        Path.GetTempPath(), null, token, ServeOptions.DefaultMaxBodyBytes, SchedulerOptions.Default);

    [Theory]
    [InlineData("http://127.0.0.1:5080", HttpExposure.Loopback)]
    [InlineData("http://127.0.0.1:5080/", HttpExposure.Loopback)]
    [InlineData("http://localhost:5080", HttpExposure.Loopback)]
    [InlineData("http://LOCALHOST:5080", HttpExposure.Loopback)]
    [InlineData("http://crossfold.localhost:5080", HttpExposure.Loopback)]
    [InlineData("http://[::1]:5080", HttpExposure.Loopback)]
    [InlineData("http://127.0.0.2:5080", HttpExposure.Loopback)]
    [InlineData("http://127.1:5080", HttpExposure.Loopback)]
    [InlineData("http://127.0.0.1:0", HttpExposure.Loopback)]
    [InlineData("https://127.0.0.1:5443", HttpExposure.Loopback)]
    [InlineData("http://0.0.0.0:5080", HttpExposure.EveryInterface)]
    [InlineData("http://[::]:5080", HttpExposure.EveryInterface)]
    [InlineData("http://*:5080", HttpExposure.EveryInterface)]
    [InlineData("http://+:5080", HttpExposure.EveryInterface)]
    [InlineData("http://coord.example.org:5080", HttpExposure.EveryInterface)]
    [InlineData("http://localhost.:5080", HttpExposure.EveryInterface)] // not "localhost" to Kestrel: a host name, so every interface
    [InlineData("http://10.1.2.3:5080", HttpExposure.Interface)]
    [InlineData("http://[::1%1]:5080", HttpExposure.Interface)] // a scoped address: not the plain loopback, so treated as reachable
    public void Exposure_follows_kestrels_binding(string url, HttpExposure exposure) => Assert.Equal(exposure, HttpAddress.Parse(url).Exposure);

    [Theory]
    [InlineData("http://x@127.0.0.1:5080", "user info")]
    [InlineData("http://admin:secret-password@127.0.0.1:5080", "user info")]
    [InlineData("http://127.0.0.1:5080?x=1", "query")]
    [InlineData("http://127.0.0.1:5080/?x=1", "query")]
    [InlineData("http://127.0.0.1:5080#top", "fragment")]
    [InlineData("http://127.0.0.1:5080/crossfold", "path")]
    [InlineData("http://127.0.0.1:5080;http://0.0.0.0:5081", "one URL")]
    [InlineData("http://127.0.0.1:abc", "not a host name")]
    [InlineData("http://%31%32%37.0.0.1:5080", "not a host name")]
    [InlineData("http://127.0.0.1:5080\\x", "not a host name")]
    [InlineData("http://127.0.0.1:99999", "port")]
    [InlineData("http://127.0.0.1:-1", "port")]
    [InlineData("ftp://127.0.0.1:21", "scheme")]
    [InlineData("127.0.0.1:5080", "not a URL")]
    [InlineData("http://:5080", "not a URL")]
    [InlineData("http://unix:/tmp/crossfold.sock", "Unix sockets")]
    [InlineData("", "empty")]
    public void What_kestrel_would_misread_is_refused_naming_http(string url, string says)
    {
        var e = Assert.Throws<InputException>(() => HttpAddress.Parse(url));
        Assert.StartsWith("--http ", e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void A_password_in_the_url_is_not_repeated_in_the_error()
    {
        var e = Assert.Throws<InputException>(() => HttpAddress.Parse("http://admin:secret-password@127.0.0.1:5080"));
        Assert.DoesNotContain("secret-password", e.Message);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5999", "every network interface")]
    [InlineData("http://coord.example.org:5999", "host name other than localhost")]
    [InlineData("http://10.1.2.3:5999", "other machines")]
    public void A_coordinator_open_to_other_machines_refuses_to_start_without_a_token(string url, string reason)
    {
        var e = Assert.Throws<InputException>(() => CoordinatorServer.Build(Options(url, null)));
        Assert.Contains(reason, e.Message);
        Assert.Contains("--token", e.Message);
        Assert.Contains("no default token", e.Message);
        Assert.Throws<InputException>(() => CoordinatorServer.Build(Options(url, "")));
    }

    [Fact]
    public void User_info_is_refused_even_with_a_token() =>
        Assert.Contains("user info", Assert.Throws<InputException>(() => CoordinatorServer.Build(Options("http://x@127.0.0.1:5999", "a-token"))).Message);
}
