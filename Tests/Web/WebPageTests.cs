using Crossfold.Tests.Cluster;

namespace Crossfold.Tests.Web;

/// <summary>The coordinator's web page in a real browser: a sweep submitted through the API appears, finishes live, and its report opens.</summary>
public sealed class WebPageTests : IAsyncLifetime
{
    InProcessNodes _nodes = null!;
    string _url = "";

    public async Task InitializeAsync()
    {
        _nodes = await InProcessNodes.Start();
        await _nodes.AddWorker(2);
        _url = _nodes.Url;
    }

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task A_sweep_submitted_through_the_api_appears_finishes_and_opens_its_report_on_the_page()
    {
        await using var browser = await HeadlessChromium.Start();
        await browser.Navigate(_url + "/");
        await browser.WaitFor("document.getElementById('connection').textContent === 'connected'", TimeSpan.FromSeconds(30), "a connected page");
        await browser.WaitFor("document.querySelectorAll('#workers tbody tr').length === 2", TimeSpan.FromSeconds(60), "the worker's two slots");

        var created = await _nodes.Client.Submit(ClusterTestSweeps.Tiny, "tiny.yaml");
        string row = $"document.querySelector('#sweeps tr[data-id=\"{created.Id}\"]')";
        await browser.WaitFor($"{row} !== null", TimeSpan.FromSeconds(20), "the submitted sweep's row");
        await browser.WaitFor($"{row}.dataset.state === 'completed'", TimeSpan.FromMinutes(3), "the sweep finishing");
        Assert.Equal("6/6", (await browser.Evaluate($"{row}.querySelector('.folds').textContent"))!.GetValue<string>());

        // The detail view lists every trial with its mean ± std.
        await browser.Evaluate($"{row}.click()");
        await browser.WaitFor("document.querySelectorAll('#trials tbody tr').length === 2 && document.querySelector('#trials tbody').textContent.includes('±')",
            TimeSpan.FromSeconds(20), "both trials with their accuracy");

        string report = (await browser.Evaluate($"{row}.querySelector('a.report').href"))!.GetValue<string>();
        await browser.Navigate(report);
        await browser.WaitFor("document.querySelector('h1') && document.querySelector('h1').textContent.includes('Crossfold report')",
            TimeSpan.FromSeconds(30), "the HTML report");
        Assert.True((await browser.Evaluate("document.body.innerText.includes('seed-cnn-2') && document.images.length >= 2"))!.GetValue<bool>());
    }

    [Fact]
    public async Task A_bad_sweep_typed_into_the_page_shows_the_errors_with_their_lines()
    {
        await using var browser = await HeadlessChromium.Start();
        await browser.Navigate(_url + "/");
        await browser.WaitFor("document.getElementById('connection').textContent === 'connected'", TimeSpan.FromSeconds(30), "a connected page");
        await browser.Evaluate("document.getElementById('sweep-text').value = 'folds: 1\\narchitectures: [seed-cnn-9]\\n'");
        await browser.Evaluate("document.querySelector('#submit-form button').click()");
        var shown = await browser.WaitFor("document.querySelector('#submit-result.error') && document.querySelector('#submit-result').textContent",
            TimeSpan.FromSeconds(20), "the submission's errors");
        string text = shown.GetValue<string>();
        Assert.Contains("line 1", text);
        Assert.Contains("seed-cnn-9", text);
    }
}
