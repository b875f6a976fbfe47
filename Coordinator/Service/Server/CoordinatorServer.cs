using Akka.Cluster.Hosting;
using Akka.Hosting;
using Crossfold.Coordinator.Actors;
using Crossfold.Coordinator.Api;
using Crossfold.Coordinator.Datasets;
using Crossfold.Coordinator.Metrics;
using Crossfold.Coordinator.Security;
using Crossfold.Coordinator.Storage;
using Crossfold.Core.Data;
using Crossfold.Core;
using Crossfold.Protocol.Cluster;
using Crossfold.Protocol.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crossfold.Coordinator.Server;

/// <summary>
/// A coordinator node: joins the cluster with the `coordinator` role, hosts the sweep coordinator
/// singleton (exactly one in the cluster; another coordinator node takes over if this one leaves),
/// and serves the HTTP API and web page.
/// </summary>
public static class CoordinatorServer
{
    public static WebApplication Build(ServeOptions options)
    {
        var address = HttpAddress.Parse(options.Http);
        string? token = string.IsNullOrEmpty(options.Token) ? null : options.Token;
        if (!address.IsLoopback && token is null)
            throw new InputException($"--http {options.Http} {address.Reach}: give it a token with --token, --token-file or CROSSFOLD_API_TOKEN (there is no default token)");

        var builder = WebApplication.CreateSlimBuilder();
        // The framework's Information lines include every request's URL (Microsoft.AspNetCore.Hosting.Diagnostics):
        // warnings and errors only, so no URL reaches the log (unless --log-level debug).
        var logs = options.Logs ?? LogOptions.Default;
        logs.Configure(builder.Logging);
        builder.WebHost.UseUrls(options.Http);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in ApiJson.Options.Converters) o.SerializerOptions.Converters.Add(converter);
            o.SerializerOptions.NumberHandling = ApiJson.Options.NumberHandling;
        });
        DatasetStore store;
        try
        {
            store = new DatasetStore(options.DatasetStoreDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--dataset-store {options.DatasetStoreDirectory}: cannot be used ({e.Message})");
        }
        var metrics = new CoordinatorMetrics();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(new DatasetEndpoints.UploadLimit(options.MaxDatasetUploadBytes));
        builder.Services.AddSingleton(new DatasetStoreQuota(options.MaxDatasetStoreBytes));
        builder.Services.AddSingleton(options.SweepIntake with { Files = store });
        builder.Services.AddSingleton(new DatasetCache(options.SweepIntake.DatasetCacheBytes));
        builder.Services.AddSingleton<CoordinatorGateway>();
        // The singleton, when it runs on this node, takes control messages only from this node's gateway actors.
        var gateways = new GatewaySenders();
        builder.Services.AddSingleton(gateways);
        if (token is not null) builder.Services.AddSingleton(new EventTickets(TimeProvider.System));
        var openStore = StoreFactory(options);
        builder.Services.AddAkka(ClusterNodeOptions.SystemName, (akka, services) =>
        {
            akka.WithCrossfoldLogging(logs, services.GetRequiredService<ILoggerFactory>())
                .WithCrossfoldCluster(options.Cluster, ClusterRoles.Coordinator)
                .WithSingleton<SweepCoordinatorProxy>(ClusterRoles.SingletonName,
                    SweepCoordinatorActor.Props(options.Scheduler, openStore, gateways: gateways, metrics: metrics, datasetServer: options.WorkerFacingHttp,
                        lifecycle: services.GetRequiredService<ILoggerFactory>().CreateLogger("Crossfold.Coordinator")),
                    new ClusterSingletonOptions { Role = ClusterRoles.Coordinator },
                    createProxyToo: true);
        });

        var app = builder.Build();
        app.Use((context, next) => MetricsEndpoint.Count(context, () => next(context), metrics));
        app.Use((context, next) => SecurityHeaders.Add(context, () => next(context)));
        if (token is not null)
        {
            var check = new ApiToken(token, app.Services.GetRequiredService<EventTickets>());
            app.Use((context, next) => check.Check(context, () => next(context)));
        }
        else
        {
            // Without a token the coordinator is on loopback (checked above): DNS rebinding is the way in to close.
            var hosts = new LoopbackHosts(address.Host);
            app.Use((context, next) => hosts.Check(context, () => next(context)));
        }
        app.MapOpenApi("/openapi/v1.json");
        SweepEndpoints.Map(app);
        TicketEndpoints.Map(app);
        ClusterEndpoints.Map(app);
        DatasetEndpoints.Map(app);
        MetricsEndpoint.Map(app, metrics);
        WebPage.Map(app);
        return app;
    }

    /// <summary>PostgreSQL when a connection string is given, else SQLite in the data directory.</summary>
    public static Func<ISweepStore> StoreFactory(ServeOptions options) => options.Postgres is string postgres
        ? () => new PostgresSweepStore(postgres)
        : () => new SqliteSweepStore(Path.Combine(options.DataDirectory, "crossfold.db"));
}
