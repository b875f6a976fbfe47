using Crossfold.Cli;
using Crossfold.Coordinator.Api;

namespace Crossfold.Tests.Cli;

/// <summary>`crossfold workers` on a cluster without worker slots says how to start one that joins this very coordinator.</summary>
public sealed class WorkersTextTests
{
    static string Workers(params ClusterEndpoints.MemberView[] members)
    {
        var output = new StringWriter();
        StatusText.Cluster(new ClusterEndpoints.ClusterResponse(members, [], [], 0, 0), output);
        return output.ToString();
    }

    [Fact]
    public void The_hint_names_the_coordinators_own_host_and_port()
    {
        string text = Workers(new ClusterEndpoints.MemberView("akka.tcp://crossfold@coord.example.org:4711", "up", ["coordinator", "protocol-2"]));
        Assert.Contains("crossfold-worker --coordinator coord.example.org:4711", text);
    }

    [Fact]
    public void Without_a_coordinator_node_the_hint_shows_the_default_port()
    {
        string text = Workers(new ClusterEndpoints.MemberView("akka.tcp://crossfold@10.0.0.7:39001", "up", ["worker"]));
        Assert.Contains("crossfold-worker --coordinator HOST:4053", text);
    }
}
