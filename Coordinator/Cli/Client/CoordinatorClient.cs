using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using Crossfold.Coordinator.Api;
using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;
using Crossfold.Reports;

namespace Crossfold.Cli.Client;

/// <summary>The HTTP API as C# calls: what the CLI (and the tests) use to talk to a running coordinator.</summary>
public sealed class CoordinatorClient : IDisposable
{
    readonly HttpClient _http;
    readonly Lazy<HttpClient> _transfers;

    public CoordinatorClient(string baseUrl, string? token, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new Crossfold.Core.InputException($"--coordinator {baseUrl}: expected an http:// or https:// URL such as http://127.0.0.1:5080");
        _http = new HttpClient { BaseAddress = uri, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        BaseUrl = uri.ToString().TrimEnd('/');
        // A dataset file of gigabytes takes as long as it takes: uploads have no overall timeout (a dead connection still fails).
        _transfers = new Lazy<HttpClient>(() =>
        {
            var client = new HttpClient { BaseAddress = uri, Timeout = Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.Authorization = _http.DefaultRequestHeaders.Authorization;
            return client;
        });
    }

    public string BaseUrl { get; }

    public Task<SweepEndpoints.SweepCreated> Submit(string text, string name) =>
        Send<SweepEndpoints.SweepCreated>(HttpMethod.Post, $"api/sweeps?name={Uri.EscapeDataString(name)}",
            new StringContent(text, Encoding.UTF8, "application/yaml"));

    /// <summary>The newest sweeps (the server's default page of 100).</summary>
    public async Task<SweepStatus[]> List() => (await Page()).Sweeps;

    /// <summary>A page of sweeps, newest first, with the total the server reports in X-Total-Count.</summary>
    public async Task<SweepPage> Page(int? limit = null, int? offset = null)
    {
        var query = new List<string>();
        if (limit is int l) query.Add($"limit={l}");
        if (offset is int o) query.Add($"offset={o}");
        using var response = await Call(HttpMethod.Get, "api/sweeps" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        var sweeps = await response.Content.ReadFromJsonAsync<SweepStatus[]>(ApiJson.Options) ?? [];
        int total = response.Headers.TryGetValues(SweepPaging.TotalHeader, out var values) && int.TryParse(values.FirstOrDefault(), out int t)
            ? t : (offset ?? 0) + sweeps.Length; // a coordinator from before paging sends every sweep and no total
        return new SweepPage(sweeps, total, offset ?? 0);
    }

    public Task<SweepStatus> Status(string id) => Send<SweepStatus>(HttpMethod.Get, $"api/sweeps/{Uri.EscapeDataString(id)}");

    public Task<SweepEndpoints.SweepCancelledResponse> Cancel(string id) =>
        Send<SweepEndpoints.SweepCancelledResponse>(HttpMethod.Delete, $"api/sweeps/{Uri.EscapeDataString(id)}");

    /// <summary>The dataset files stored on the coordinator, newest first.</summary>
    public Task<DatasetEndpoints.StoredDataset[]> Datasets() => Send<DatasetEndpoints.StoredDataset[]>(HttpMethod.Get, "api/datasets");

    /// <summary>Whether the coordinator stores the dataset file with this SHA-256.</summary>
    public async Task<bool> HasDataset(string sha256)
    {
        try
        {
            using var _ = await Call(HttpMethod.Head, $"api/datasets/{sha256}");
            return true;
        }
        catch (ApiException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Streams the file at <paramref name="path"/> to the coordinator as the dataset file with SHA-256 <paramref name="sha256"/>.</summary>
    public async Task<DatasetEndpoints.StoredDataset> UploadDataset(string sha256, string path, string name)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = file.Length;
        using var response = await Call(HttpMethod.Put, $"api/datasets/{sha256}?name={Uri.EscapeDataString(name)}", content, _transfers.Value);
        return await response.Content.ReadFromJsonAsync<DatasetEndpoints.StoredDataset>(ApiJson.Options)
            ?? throw new ApiException((int)response.StatusCode, $"PUT api/datasets/{sha256}: empty answer");
    }

    /// <summary>Removes a stored dataset file.</summary>
    public async Task RemoveDataset(string sha256)
    {
        using var _ = await Call(HttpMethod.Delete, $"api/datasets/{sha256}");
    }

    public Task<ClusterEndpoints.ClusterResponse> Cluster() => Send<ClusterEndpoints.ClusterResponse>(HttpMethod.Get, "api/cluster");

    /// <summary>The report in one format, as the server renders it.</summary>
    public async Task<byte[]> Report(string id, string format)
    {
        using var response = await Call(HttpMethod.Get, $"api/sweeps/{Uri.EscapeDataString(id)}/report?format={Uri.EscapeDataString(format)}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The final model file's bytes, or null when the sweep has none (no refit, or not finished).</summary>
    public async Task<byte[]?> Model(string id)
    {
        try
        {
            using var response = await Call(HttpMethod.Get, $"api/sweeps/{Uri.EscapeDataString(id)}/model");
            return await response.Content.ReadAsByteArrayAsync();
        }
        catch (ApiException e) when (e.Status == 404 && e.Problem?.Title == "No final model")
        {
            return null;
        }
    }

    /// <summary>The report as data (for writing every file locally).</summary>
    public async Task<SweepReport> ReportData(string id) =>
        JsonReportWriter.Read(Encoding.UTF8.GetString(await Report(id, "json")));

    /// <summary>
    /// The sweep's server-sent events, parsed, until the server ends the stream. With <paramref name="lastEventId"/> (the id of
    /// the last event seen) the stream goes on after it, or opens with a fresh status when the server cannot tell what followed;
    /// <paramref name="opened"/> runs once the coordinator has answered.
    /// </summary>
    public IAsyncEnumerable<ServerSentEvent> Events(string id, string? lastEventId = null, Action? opened = null, CancellationToken cancel = default) =>
        ReadEvents($"api/sweeps/{Uri.EscapeDataString(id)}/events", lastEventId, opened, cancel);

    /// <summary>Every sweep's events (a `sweeps` snapshot first); runs until cancelled.</summary>
    public IAsyncEnumerable<ServerSentEvent> AllEvents(CancellationToken cancel = default) => ReadEvents("api/events", null, null, cancel);

    async IAsyncEnumerable<ServerSentEvent> ReadEvents(string path, string? lastEventId, Action? opened, [EnumeratorCancellation] CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        // The standard header, as a browser's EventSource sends it when it reconnects.
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation(LastEventId.Header, lastEventId);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        using (response)
        {
            await EnsureSuccess(response);
            opened?.Invoke();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
            string? name = null, eventId = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(cancel) is string line)
            {
                if (line.Length == 0)
                {
                    if (name is not null && data.Length > 0)
                    {
                        using var doc = JsonDocument.Parse(data.ToString());
                        yield return new ServerSentEvent(eventId, name, doc.RootElement.Clone());
                    }
                    name = eventId = null;
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) eventId = line[4..];
            }
        }
    }

    async Task<T> Send<T>(HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await Call(method, path, content);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options)
            ?? throw new ApiException((int)response.StatusCode, $"{method} {path}: empty answer");
    }

    async Task<HttpResponseMessage> Call(HttpMethod method, string path, HttpContent? content = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await (client ?? _http).SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (TaskCanceledException e)
        {
            throw new ApiException(0, $"the coordinator at {BaseUrl} did not answer within {_http.Timeout.TotalSeconds:0} s", null) { Source = e.Source };
        }
        await EnsureSuccess(response);
        return response;
    }

    ApiException Unreachable(HttpRequestException e) =>
        new(0, $"cannot reach the coordinator at {BaseUrl}: {e.Message} (is `crossfold serve` running? see --coordinator)");

    static async Task EnsureSuccess(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(ApiJson.Options);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, say): the status code alone will do.
        }
        string message = problem?.Detail is { Length: > 0 } detail ? detail : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge && problem is null)
            message = "the sweep file is larger than the coordinator accepts (--max-body-bytes)";
        response.Dispose();
        throw new ApiException((int)response.StatusCode, message, problem);
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_transfers.IsValueCreated) _transfers.Value.Dispose();
    }
}
