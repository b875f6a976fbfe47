using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using Crossfold.Coordinator.Api;
using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Api;

/// <summary>One coordinator without a token on loopback, shared by the tests of its HTTP edges.</summary>
public sealed class LoopbackCoordinator : IAsyncLifetime
{
    public InProcessNodes Nodes { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Nodes = await InProcessNodes.Start();
        Http = new HttpClient { BaseAddress = new Uri(Nodes.Url) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Nodes.DisposeAsync();
    }
}

/// <summary>
/// Without a token: only loopback Host names are served (DNS rebinding), sweeps are submitted only with
/// a YAML or JSON content type (no simple-request CSRF); every response carries the security headers;
/// the sweep list pages.
/// </summary>
public sealed class HttpEdgesTests(LoopbackCoordinator coordinator) : IClassFixture<LoopbackCoordinator>
{
    const string Sweep = "name: edge\nfolds: 2\narchitectures: [seed-mlp-2]\n";
    readonly HttpClient _http = coordinator.Http;

    static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    async Task<HttpResponseMessage> Post(string? contentType, string body = Sweep)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await _http.PostAsync("/api/sweeps?name=edge.yaml", content);
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:5080")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.attacker.example")]
    public async Task A_request_for_another_host_name_is_refused(string host)
    {
        foreach (string path in new[] { "/", "/api/sweeps", "/healthz", "/static/app.js" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await _http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{host} {path}: {response.StatusCode}");
            Assert.Contains("token", (await Problem(response)).GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5080")]
    [InlineData("127.0.0.1:1")]
    [InlineData("[::1]:5080")]
    [InlineData("LOCALHOST")]
    public async Task Loopback_host_names_are_served_on_any_port(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps");
        request.Headers.Host = host;
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_tickets_are_kept_nowhere_so_other_sites_cannot_use_them_up()
    {
        // Any web page can make a visitor's browser POST here; with nothing stored, a thousand and more still get an answer.
        for (int i = 0; i < 1100; i++)
        {
            using var response = await _http.PostAsync("/api/tickets", null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"ticket {i}: {response.StatusCode}");
        }
        using var events = await _http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task A_sweep_sent_as_a_type_a_browser_posts_cross_origin_is_refused_with_415(string? contentType)
    {
        int before = (await coordinator.Nodes.Client.Page()).Total;
        using var response = await Post(contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        string detail = (await Problem(response)).GetProperty("detail").GetString()!;
        foreach (string accepted in SweepContentTypes.Accepted) Assert.Contains(accepted, detail);
        Assert.Equal(before, (await coordinator.Nodes.Client.Page()).Total);
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/x-yaml; charset=utf-8")]
    [InlineData("text/yaml")]
    [InlineData("text/x-yaml")]
    [InlineData("application/json")]
    public async Task A_sweep_sent_as_yaml_or_json_is_accepted(string contentType)
    {
        string body = contentType == "application/json" ? """{"name": "edge", "folds": 2, "architectures": ["seed-mlp-2"]}""" : Sweep;
        using var response = await Post(contentType, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("/", "default-src 'self'")]
    [InlineData("/static/app.js", "default-src 'none'")]
    [InlineData("/api/sweeps", "default-src 'none'")]
    [InlineData("/api/sweeps/nope", "default-src 'none'")]
    [InlineData("/healthz", "default-src 'none'")]
    [InlineData("/openapi/v1.json", "default-src 'none'")]
    public async Task Every_response_carries_the_security_headers(string path, string policy)
    {
        using var response = await _http.GetAsync(path);
        AssertSecurityHeaders(response, policy);
    }

    [Fact]
    public async Task The_html_report_allows_only_inline_styles_and_data_images()
    {
        using var created = await Post("application/yaml");
        string id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var html = await _http.GetAsync($"/api/sweeps/{id}/report?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(html, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        using var json = await _http.GetAsync($"/api/sweeps/{id}/report?format=json");
        AssertSecurityHeaders(json, ContentPolicy.Api);
    }

    static void AssertSecurityHeaders(HttpResponseMessage response, string policy)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        string csp = Header("Content-Security-Policy");
        Assert.StartsWith(policy, csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Fact]
    public async Task The_sweep_list_pages_newest_first_with_the_total_in_a_header()
    {
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            using var created = await Post("application/yaml", Sweep.Replace("name: edge", $"name: page-{i}"));
            ids.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }
        async Task<(string[] Ids, int Total)> Get(string query)
        {
            using var response = await _http.GetAsync("/api/sweeps" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(s => s.GetProperty("sweepId").GetString()!).ToArray();
            return (list, int.Parse(response.Headers.GetValues("X-Total-Count").Single()));
        }
        var all = await Get("");
        Assert.Equal(all.Ids.Length, all.Total);
        Assert.Equal(Enumerable.Reverse(ids), all.Ids.Take(5)); // newest first
        var (first, total) = await Get("?limit=2");
        Assert.Equal(all.Ids[..2], first);
        Assert.Equal(all.Total, total);
        Assert.Equal(all.Ids[2..4], (await Get("?limit=2&offset=2")).Ids);
        Assert.Equal(all.Ids[^1..], (await Get($"?offset={all.Total - 1}")).Ids);
        Assert.Empty((await Get($"?offset={all.Total + 5}")).Ids);
        var none = await Get("?limit=0");
        Assert.Empty(none.Ids);
        Assert.Equal(all.Total, none.Total);
        Assert.Equal(all.Ids, (await Get("?limit=1000")).Ids);

        var page = await coordinator.Nodes.Client.Page(limit: 2, offset: 1);
        Assert.Equal(all.Ids[1..3], page.Sweeps.Select(s => s.SweepId));
        Assert.Equal((all.Total, 1, true), (page.Total, page.Offset, page.IsPartial));
    }

    [Fact]
    public async Task The_openapi_document_describes_tickets_content_types_and_paging()
    {
        var paths = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/tickets").TryGetProperty("post", out _));
        var post = paths.GetProperty("/api/sweeps").GetProperty("post");
        Assert.Equal(SweepContentTypes.Accepted, post.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name));
        Assert.True(post.GetProperty("responses").TryGetProperty("415", out _));
        var list = paths.GetProperty("/api/sweeps").GetProperty("get");
        var parameters = list.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal("integer", parameters["limit"].GetProperty("type").GetString());
        Assert.Equal(1000, parameters["limit"].GetProperty("maximum").GetInt32());
        Assert.Equal("integer", parameters["offset"].GetProperty("type").GetString());
        Assert.True(list.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("X-Total-Count", out _));
    }

    [Theory]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=", "limit")]
    [InlineData("?limit=2.5", "limit")]
    [InlineData("?offset=-3", "offset")]
    [InlineData("?offset=x&limit=5", "offset")]
    [InlineData("?offset=99999999999", "offset")]
    public async Task A_bad_paging_parameter_gets_400_naming_it(string query, string parameter)
    {
        using var response = await _http.GetAsync("/api/sweeps" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.StartsWith(parameter + " ", problem.GetProperty("detail").GetString());
        Assert.Equal(parameter, problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }
}
