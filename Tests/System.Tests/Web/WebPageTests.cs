using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Web;

/// <summary>
/// The coordinator's web page in a real browser, under its Content-Security-Policy: a sweep submitted
/// through the API appears, finishes live, and its report opens (from a Blob, under the inherited policy)
/// with its styles and plots; the console shows no policy violation.
/// </summary>
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

        string href = (await browser.Evaluate($"{row}.querySelector('a.report').getAttribute('href')"))!.GetValue<string>();
        await PageChecks.OpenReport(browser, $"{row}.querySelector('a.report')");
        await PageChecks.NoPolicyViolations(browser.Page);

        // Without a token the link's own URL works too (copied, middle-clicked): the report under its own, stricter policy.
        var direct = await browser.NewTab();
        await direct.Navigate(_url + href);
        await PageChecks.ReportRenders(direct);
        await PageChecks.NoPolicyViolations(direct);
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
        await PageChecks.NoPolicyViolations(browser.Page);
    }
}

/// <summary>Checks several page tests share: the report opened from the page, and a console free of policy violations.</summary>
internal static class PageChecks
{
    /// <summary>
    /// Clicks a report link (as a user would), follows the tab it opens and checks the report renders
    /// there: its style sheet and inline cell styles apply and its plots render. The tab is reloaded once
    /// attached, so the console of its whole load is seen, and must show no violation.
    /// </summary>
    public static async Task OpenReport(HeadlessChromium browser, string link)
    {
        await browser.Evaluate($"{link}.click()", userGesture: true);
        var report = await browser.Attach(url => url.StartsWith("blob:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await report.Reload();
        await ReportRenders(report);
        await NoPolicyViolations(report);
    }

    /// <summary>The HTML report shows its text, its style sheet and inline cell styles apply, and its plots (inline SVG) render.</summary>
    public static async Task ReportRenders(DevToolsPage report)
    {
        await report.WaitFor("document.readyState === 'complete' && document.querySelector('h1') && document.querySelector('h1').textContent.includes('Crossfold report')",
            TimeSpan.FromSeconds(30), "the HTML report");
        Assert.True((await report.Evaluate("document.body.innerText.includes('seed-cnn-2')"))!.GetValue<bool>());
        Assert.True((await report.Evaluate("document.querySelectorAll('figure svg').length >= 2 && [...document.querySelectorAll('figure svg')].every(s => s.getBoundingClientRect().width > 100 && s.querySelectorAll('path, text').length > 10)"))!.GetValue<bool>(),
            "the report's plots (inline SVG) did not render");
        Assert.True((await report.Evaluate("document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0"))!.GetValue<bool>(),
            "the report's style sheet did not apply");
        Assert.True((await report.Evaluate("[...document.querySelectorAll('td[style]')].some(td => getComputedStyle(td).backgroundColor.startsWith('rgba(8, 81, 156'))"))!.GetValue<bool>(),
            "the confusion matrix's inline cell styles did not apply");
    }

    /// <summary>
    /// The console shows no Content-Security-Policy violation. Then, as a control, the page runs an inline
    /// script the policy forbids: the console must report that one, or this check proves nothing.
    /// </summary>
    public static async Task NoPolicyViolations(DevToolsPage page)
    {
        await page.Evaluate("1"); // reads the events that arrived since the last call
        Assert.DoesNotContain(page.Console, IsViolation);
        Assert.DoesNotContain(page.Console, line => line.StartsWith("error exception", StringComparison.Ordinal));
        await page.Evaluate("document.head.append(Object.assign(document.createElement('script'), { textContent: 'window.inlineRan = true' }))");
        Assert.Null(await page.Evaluate("window.inlineRan"));
        Assert.Contains(page.Console, IsViolation);
    }

    static bool IsViolation(string line) => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase);
}
