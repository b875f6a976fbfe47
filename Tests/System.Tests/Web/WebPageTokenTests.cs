using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Web;

/// <summary>
/// The page against a coordinator with a token: it asks for the token, follows events with single-use
/// tickets, opens reports fetched with the Authorization header, and never puts the token in a URL.
/// </summary>
public sealed class WebPageTokenTests : IAsyncLifetime
{
    const string Token = "page-token-5b1f0c7e9a";
    InProcessNodes _nodes = null!;

    public async Task InitializeAsync()
    {
        _nodes = await InProcessNodes.Start(Token);
        await _nodes.AddWorker(2);
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task The_page_works_with_a_token_and_never_puts_it_in_a_url()
    {
        await using var browser = await HeadlessChromium.Start();
        await browser.Navigate(_nodes.Url + "/");
        await browser.WaitFor("!document.getElementById('token-form').hidden", TimeSpan.FromSeconds(30), "the token form");
        await browser.Evaluate($"document.getElementById('token').value = '{Token}'");
        await browser.Evaluate("document.querySelector('#token-form button').click()");
        await browser.WaitFor("document.getElementById('connection').textContent === 'connected'", TimeSpan.FromSeconds(30), "a connected page");
        await browser.WaitFor("document.body.dataset.events === 'open'", TimeSpan.FromSeconds(30), "an open event stream");

        var created = await _nodes.Client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml");
        string row = $"document.querySelector('#sweeps tr[data-id=\"{created.Id}\"]')";
        await browser.WaitFor($"{row} !== null && {row}.dataset.state === 'completed'", TimeSpan.FromMinutes(3), "the sweep finishing");
        await browser.Evaluate($"{row}.click()");
        await browser.WaitFor("document.querySelectorAll('#trials tbody tr').length === 2", TimeSpan.FromSeconds(20), "the sweep's trials");
        Assert.DoesNotContain(Token, (await browser.Evaluate("document.getElementById('report-link').href"))!.GetValue<string>());

        await PageChecks.OpenReport(browser, "document.getElementById('report-link')");
        await PageChecks.NoPolicyViolations(browser.Page);

        var requests = browser.Page.Requests;
        Assert.Contains(requests, url => url.Contains("/api/events?ticket=", StringComparison.Ordinal));
        Assert.Contains(requests, url => url.Contains("/report?format=html", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, url => url.Contains(Token, StringComparison.Ordinal) || url.Contains("access_token", StringComparison.Ordinal));
    }
}
