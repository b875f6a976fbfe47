using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Metrics;

/// <summary>
/// /metrics scraped over real HTTP as Prometheus does: bearer token required when there is one, Prometheus'
/// text format, every family prefixed crossfold_, and the figures follow a sweep's jobs and the slots.
/// </summary>
public sealed class MetricsEndpointTests
{
    const string Token = "metrics-test-token-0123456789abcdef";

    [Fact]
    public async Task Metrics_need_the_token_and_follow_a_sweep_in_prometheus_text_format()
    {
        await using var nodes = await InProcessNodes.Start(Token);
        await nodes.AddWorker(2, InProcessNodes.Simulated(TimeSpan.FromMilliseconds(600)));
        using var http = new HttpClient { BaseAddress = new Uri(nodes.Url) };

        using (var refused = await http.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        await Eventually.True(async () => (await nodes.Client.Cluster()).Slots.Count == 2, TimeSpan.FromSeconds(60), "two slots to register");
        var created = await nodes.Client.Submit("name: metered\ndataset: {source: mnist-t10k, limit: 300}\nfolds: 3\narchitectures: [seed-mlp-1, seed-mlp-2, seed-mlp-3, seed-mlp-4]\n", "metered.yaml");
        string sweep = Regex.Escape(created.Id);
        // While it runs: its jobs by state, and busy slots.
        await Eventually.True(async () =>
            {
                string text = await Scrape(http);
                return Regex.IsMatch(text, $@"^crossfold_jobs\{{sweep=""{sweep}"",state=""running""\}} [12]$", RegexOptions.Multiline)
                    && Regex.IsMatch(text, @"^crossfold_slots\{node=""[^""]+"",device=""cpu"",state=""busy""\} [12]$", RegexOptions.Multiline);
            }, TimeSpan.FromSeconds(60), "the running sweep's jobs and busy slots in /metrics");
        await Eventually.True(async () => (await nodes.Client.Status(created.Id)).State == SweepState.Completed, TimeSpan.FromMinutes(2), "the sweep to end");

        string final = await Eventually.Get(async () =>
            await Scrape(http) is var text && Regex.IsMatch(text, @"^crossfold_slots\{[^}]*state=""idle""\} 2$", RegexOptions.Multiline) ? text : null,
            TimeSpan.FromSeconds(30), "both slots idle in /metrics");
        Assert.Matches(new Regex(@"^crossfold_fold_duration_seconds_count 12$", RegexOptions.Multiline), final);
        Assert.Matches(new Regex(@"^crossfold_sweeps\{state=""completed""\} 1$", RegexOptions.Multiline), final);
        Assert.Matches(new Regex(@"^crossfold_http_requests_total\{method=""GET"",status=""401""\} 1$", RegexOptions.Multiline), final);
        Assert.Matches(new Regex(@"^crossfold_http_requests_total\{method=""POST"",status=""201""\} 1$", RegexOptions.Multiline), final);
        var families = Regex.Matches(final, @"^# TYPE (\S+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.All(families, f => Assert.StartsWith("crossfold_", f));
    }

    static async Task<string> Scrape(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
