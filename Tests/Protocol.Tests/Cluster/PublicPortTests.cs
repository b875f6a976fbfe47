using Crossfold.Core;
using Crossfold.Protocol.Cluster;

namespace Crossfold.Tests.Cluster;

/// <summary>--public-port: the port a node advertises when NAT, a container or a proxy forwards another one to the bound port.</summary>
public sealed class PublicPortTests
{
    [Fact]
    public void A_node_advertises_its_public_port_or_else_the_bound_one()
    {
        var bound = new ClusterNodeOptions("0.0.0.0", 4053, "coord.example.org", ["coord.example.org:4053"]);
        Assert.Equal(4053, bound.AdvertisedPort);
        Assert.Equal(14053, (bound with { PublicPort = 14053 }).AdvertisedPort);
    }

    [Theory]
    [InlineData(null, 0, null)]
    [InlineData(14053, 4053, 14053)]
    [InlineData(65535, 4053, 65535)]
    public void A_public_port_that_something_can_forward_is_taken(int? publicPort, int port, int? expected) =>
        Assert.Equal(expected, ClusterNodeOptions.CheckedPublicPort(publicPort, port));

    [Theory]
    [InlineData(0, 4053, "--public-port 0: expected a TCP port number from 1 to 65535")]
    [InlineData(65536, 4053, "--public-port 65536: expected a TCP port number from 1 to 65535")]
    [InlineData(14053, 0, "--public-port 14053 needs a fixed --port")]
    public void A_public_port_nothing_could_forward_to_is_refused_naming_the_option(int publicPort, int port, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<InputException>(() => ClusterNodeOptions.CheckedPublicPort(publicPort, port)).Message);
}
