using System.Reflection;
using MessagePack;
using Crossfold.Protocol.Messages;
using Crossfold.Protocol.Serialization;

namespace Crossfold.Tests.Serialization;

/// <summary>A numbered event carries any sweep event: the union lists every one, so a new event cannot fail on the wire.</summary>
public class SweepEventUnionTests
{
    [Fact]
    public void Every_sweep_event_is_a_case_of_the_union()
    {
        var events = ProtocolTypes.ByManifest.Values.Where(typeof(ISweepEvent).IsAssignableFrom).OrderBy(t => t.Name);
        var cases = typeof(ISweepEvent).GetCustomAttributes<UnionAttribute>().Select(u => u.SubType).OrderBy(t => t.Name);
        Assert.Equal(events, cases);
    }
}
