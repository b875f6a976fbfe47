using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crossfold.Coordinator.Api;

/// <summary>
/// Serves the web page (index.html, app.js, style.css, and event-names.js made from SweepEventNames) from resources embedded in the assembly, so a
/// coordinator needs no files beside it and no front-end toolchain.
/// </summary>
public static class WebPage
{
    static readonly Assembly Assembly = typeof(WebPage).Assembly;

    static readonly Dictionary<string, (string Resource, string ContentType)> Files = new()
    {
        ["index.html"] = ("Crossfold.Web.index.html", "text/html; charset=utf-8"),
        ["app.js"] = ("Crossfold.Web.app.js", "text/javascript; charset=utf-8"),
        ["style.css"] = ("Crossfold.Web.style.css", "text/css; charset=utf-8"),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Serve("index.html")).ExcludeFromDescription();
        // The event names come from the server's own table, so page and server cannot disagree.
        app.MapGet("/static/event-names.js", () => Results.Text(SweepEventNames.Script(), "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/static/{file}", (string file) => Serve(file)).ExcludeFromDescription();
    }

    static IResult Serve(string file)
    {
        if (!Files.TryGetValue(file, out var entry) || Assembly.GetManifestResourceStream(entry.Resource) is not Stream stream)
            return Results.NotFound();
        var result = Results.Stream(stream, entry.ContentType);
        return file == "index.html" ? ContentPolicy.With(result, ContentPolicy.Page) : result;
    }
}
