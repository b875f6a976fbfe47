using Crossfold.Cli.Client;
using Crossfold.Tests.Support;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Web;

/// <summary>
/// A sweep's page in a real browser, served by the coordinator node that does not host the singleton: when the
/// singleton's node leaves, the page's stream ends, the page reopens it naming the last event it saw, says it
/// reconnected, and follows the sweep to its end under the new coordinator.
/// </summary>
public sealed class SweepPageReconnectTests
{
    [Fact]
    public async Task The_sweep_page_reconnects_when_the_singleton_moves_and_shows_the_real_end()
    {
        await using var nodes = await InProcessNodes.Start();
        var (_, secondUrl) = await nodes.AddCoordinator();
        using var viaSecond = new CoordinatorClient(secondUrl, null);
        // Submitted before any worker exists, so the sweep is still running when the browser has started.
        var created = await viaSecond.Submit("name: page-failover\nfolds: 10\narchitectures: [seed-mlp-2, seed-mlp-3]\n", "page-failover.yaml");

        await using var browser = await HeadlessChromium.Start();
        await browser.Navigate($"{secondUrl}/sweeps/{created.Id}");
        await browser.WaitFor("document.getElementById('connection').textContent === 'connected' && document.body.dataset.events === 'open'",
            TimeSpan.FromSeconds(30), "the sweep page, following its events");
        // Jobs of a second: the sweep still runs for seconds after the singleton moves.
        await nodes.AddWorker(2, InProcessNodes.Simulated(TimeSpan.FromSeconds(1)));
        await Eventually.True(async () => (await viaSecond.Status(created.Id)).Done >= 2, TimeSpan.FromSeconds(60), "some folds done");

        await nodes.Stop(nodes.Coordinators[0]); // the singleton moves to the node serving the page

        await browser.WaitFor("document.getElementById('connection').textContent.startsWith('connected (reconnected at ')",
            TimeSpan.FromMinutes(1), "the page to say it reconnected");
        await browser.WaitFor("document.getElementById('summary').textContent.startsWith('completed: 20 of 20 folds done')",
            TimeSpan.FromMinutes(2), "the page to show the sweep's end");
        Assert.Contains(browser.Page.Requests, url => url.Contains($"/api/sweeps/{created.Id}/events?", StringComparison.Ordinal) &&
            url.Contains("&lastEventId=", StringComparison.Ordinal));
    }
}
