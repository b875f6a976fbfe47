using System.Text.Json;
using Crossfold.Coordinator.Api;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Cli.Client;

/// <summary>Turns the server-sent events of the API back into the protocol's event records.</summary>
public static class SweepEventJson
{
    /// <summary>The events it knows, in order; others (the opening status, future kinds) are skipped.</summary>
    public static async IAsyncEnumerable<ISweepEvent> Read(IAsyncEnumerable<(string Name, JsonElement Data)> events)
    {
        await foreach (var (name, data) in events)
            if (SweepEventNames.TypeOf(name) is Type type && data.Deserialize(type, ApiJson.Options) is ISweepEvent e)
                yield return e;
    }
}
