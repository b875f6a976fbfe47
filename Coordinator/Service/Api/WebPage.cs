using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// Serves the web pages — the sweeps list (/), one sweep live (/sweeps/ID) and two sweeps compared
/// (/compare?a=ID&amp;b=ID) — with their scripts, style sheets, the vendored uPlot chart library and
/// event-names.js made from SweepEventNames, from resources embedded in the assembly, so a coordinator
/// needs no files beside it, no front-end toolchain and no internet.
/// </summary>
public static class WebPage
{
    static readonly Assembly Assembly = typeof(WebPage).Assembly;

    static readonly Dictionary<string, (string Resource, string ContentType)> Files = new()
    {
        ["index.html"] = ("Crossfold.Web.index.html", "text/html; charset=utf-8"),
        ["app.js"] = ("Crossfold.Web.app.js", "text/javascript; charset=utf-8"),
        ["style.css"] = ("Crossfold.Web.style.css", "text/css; charset=utf-8"),
        ["common.js"] = ("Crossfold.Web.common.js", "text/javascript; charset=utf-8"),
        ["sweep.html"] = ("Crossfold.Web.sweep.html", "text/html; charset=utf-8"),
        ["sweep.js"] = ("Crossfold.Web.sweep.js", "text/javascript; charset=utf-8"),
        ["charts.js"] = ("Crossfold.Web.charts.js", "text/javascript; charset=utf-8"),
        ["compare.html"] = ("Crossfold.Web.compare.html", "text/html; charset=utf-8"),
        ["compare.js"] = ("Crossfold.Web.compare.js", "text/javascript; charset=utf-8"),
        ["uplot.min.js"] = ("Crossfold.Web.uplot.min.js", "text/javascript; charset=utf-8"),
        ["uplot.min.css"] = ("Crossfold.Web.uplot.min.css", "text/css; charset=utf-8"),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html")).ExcludeFromDescription();
        // The page reads the id from its own address and asks the API; an unknown id shows the API's 404 there.
        app.MapGet("/sweeps/{id}", (string id) => Serve("sweep.html")).ExcludeFromDescription();
        app.MapGet("/compare", () => Serve("compare.html")).ExcludeFromDescription();
        // The event names come from the server's own table, so page and server cannot disagree.
        app.MapGet("/static/event-names.js", () => Results.Text(SweepEventNames.Script(), "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/static/{file}", (string file) => Serve(file)).ExcludeFromDescription();
    }

    static IResult Serve(string file)
    {
        if (!Files.TryGetValue(file, out var entry) || Assembly.GetManifestResourceStream(entry.Resource) is not Stream stream)
            return Results.NotFound();
        var result = Results.Stream(stream, entry.ContentType);
        return file.EndsWith(".html", StringComparison.Ordinal) ? ContentPolicy.With(result, ContentPolicy.Page) : result;
    }
}
