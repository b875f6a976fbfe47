using Crossfold.Core.Results;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Web;

/// <summary>
/// A sweep's own page (/sweeps/ID) and the comparison page in a real browser: charts drawn by the
/// vendored uPlot that grow as folds finish with no reload, a sortable trial table, and every request
/// staying on the coordinator.
/// </summary>
public sealed class SweepPageTests : IAsyncLifetime
{
    InProcessNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await InProcessNodes.Start();

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    const string FoldPoints = "Number(document.getElementById('fold-chart').dataset.points || 0)";

    [Fact]
    public async Task The_sweep_page_charts_grow_as_folds_finish_and_the_comparison_matches_trials()
    {
        // Submitted before any worker exists, so the page sees the sweep from its first fold on.
        var created = await _nodes.Client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml");
        await using var browser = await HeadlessChromium.Start();
        await browser.Navigate(_nodes.Url + "/");
        await browser.WaitFor($"document.querySelector('#sweeps tr[data-id=\"{created.Id}\"] a.sweep-page')", TimeSpan.FromSeconds(30), "the sweep's link");
        await browser.Evaluate($"document.querySelector('#sweeps tr[data-id=\"{created.Id}\"] a.sweep-page').click()");
        await browser.WaitFor("location.pathname.startsWith('/sweeps/') && document.getElementById('connection').textContent === 'connected'",
            TimeSpan.FromSeconds(30), "the sweep page, connected");
        Assert.Equal(0, (await browser.Evaluate(FoldPoints))!.GetValue<int>());
        Assert.Contains("0 of 6 folds done", (await browser.Evaluate("document.getElementById('summary').textContent"))!.GetValue<string>());

        // One slot: folds finish one after another, and the chart must show them coming in.
        await _nodes.AddWorker(1);
        var seen = new SortedSet<int>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline && !seen.Contains(6))
        {
            seen.Add((await browser.Evaluate(FoldPoints))!.GetValue<int>());
            await Task.Delay(100);
        }
        Assert.Contains(6, seen);
        Assert.True(seen.Count(n => n is > 0 and < 6) >= 2, $"the fold chart jumped instead of growing: it showed {string.Join(", ", seen)} points");
        await browser.WaitFor("document.getElementById('summary').textContent.startsWith('completed')", TimeSpan.FromSeconds(30), "the sweep completed");
        Assert.Equal(2, (await browser.Evaluate("Number(document.getElementById('fold-chart').dataset.series)"))!.GetValue<int>());
        Assert.True((await browser.Evaluate("document.querySelector('#fold-chart canvas') !== null && document.querySelector('#curve-chart canvas') !== null"))!.GetValue<bool>(),
            "uPlot did not draw its canvases");
        Assert.True((await browser.Evaluate("Number(document.getElementById('curve-chart').dataset.points) >= 4"))!.GetValue<bool>(), "mean learning curves: 2 trials x 2 epochs");

        // Sorting by parameters, both ways, against the numbers in the table itself.
        string parameters = "[...document.querySelectorAll('#trials tbody tr')].map(r => Number(r.cells[4].textContent.replace(/,/g, '')))";
        await browser.Evaluate("document.querySelector('#trials th[data-sort=parameters]').click()");
        var descending = (await browser.Evaluate(parameters))!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        await browser.Evaluate("document.querySelector('#trials th[data-sort=parameters]').click()");
        var ascending = (await browser.Evaluate(parameters))!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        Assert.Equal(2, descending.Length);
        Assert.True(descending[0] > descending[1], "first click: most parameters first");
        Assert.Equal(descending.Reverse(), ascending);

        // The same sweep file again gives the same folds and scores: compared, every trial matches with Δ 0.
        var again = await _nodes.Client.Submit(ClusterTestSweeps.Tiny, "tiny-again.yaml");
        await Eventually.Get(async () => await _nodes.Client.Status(again.Id) is { State: SweepState.Completed } s ? s : null,
            TimeSpan.FromMinutes(3), "the second sweep to finish");
        await browser.Evaluate($"document.getElementById('compare-with').value = '{again.Id}'");
        await browser.Evaluate("document.querySelector('#compare-form button').click()");
        await browser.WaitFor("location.pathname === '/compare' && document.querySelectorAll('#comparison tbody tr').length === 2",
            TimeSpan.FromSeconds(30), "the comparison of both sweeps");
        var deltas = (await browser.Evaluate("[...document.querySelectorAll('#comparison tbody tr')].map(r => r.dataset.matched + ' ' + r.cells[3].textContent)"))!
            .AsArray().Select(n => n!.GetValue<string>());
        Assert.All(deltas, d => Assert.Equal("true 0.00 pp", d));

        Assert.All(browser.Page.Requests, url => Assert.StartsWith(_nodes.Url, url));
        Assert.Contains(browser.Page.Requests, url => url.EndsWith("/static/uplot.min.js", StringComparison.Ordinal));
        await PageChecks.NoPolicyViolations(browser.Page);
    }
}
