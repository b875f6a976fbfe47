using Akka.Cluster;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crossfold.Coordinator.Api;

/// <summary>GET /api/cluster, /healthz and /readyz.</summary>
public static class ClusterEndpoints
{
    /// <summary>One cluster member as Akka sees it.</summary>
    public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles);

    /// <summary>The cluster: its members, the worker slots the coordinator knows, and how many are busy.</summary>
    public sealed record ClusterResponse(IReadOnlyList<MemberView> Members, IReadOnlyList<string> Unreachable,
        IReadOnlyList<SlotView> Slots, int BusySlots, int IdleSlots);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", async (CoordinatorGateway coordinator) =>
            {
                var cluster = Cluster.Get(coordinator.System);
                var state = cluster.State;
                var members = state.Members.Select(m => new MemberView(m.Address.ToString(), m.Status.ToString().ToLowerInvariant(), m.Roles.ToList())).ToList();
                var unreachable = state.Unreachable.Select(m => m.Address.ToString()).ToList();
                if (await coordinator.Ask(new GetCluster()) is not ClusterView view)
                    return Problems.Unavailable("the sweep coordinator did not answer");
                int busy = view.Slots.Count(s => s.JobId is not null);
                return Results.Json(new ClusterResponse(members, unreachable, view.Slots, busy, view.Slots.Length - busy), ApiJson.Options);
            })
            .WithTags("Cluster")
            .WithSummary("Nodes, roles, worker slots with their devices, busy and idle slots")
            .Produces<ClusterResponse>();

        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }))
            .WithTags("Health").WithSummary("Liveness: the process answers");

        app.MapGet("/readyz", async (CoordinatorGateway coordinator) =>
            {
                bool up = Cluster.Get(coordinator.System).SelfMember.Status == MemberStatus.Up;
                bool answers = up && await coordinator.Ask(new ListSweeps(0, 0), TimeSpan.FromSeconds(3)) is SweepList;
                return answers
                    ? Results.Json(new { status = "ready" })
                    : Results.Json(new { status = up ? "waiting for the sweep coordinator" : "joining the cluster" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("Health").WithSummary("Readiness: this node is Up in the cluster and the sweep coordinator answers");
    }
}
