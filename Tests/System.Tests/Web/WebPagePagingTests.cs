using Crossfold.Tests.Cluster;
using Crossfold.Tests.Support.Cluster;

namespace Crossfold.Tests.Web;

/// <summary>With more sweeps than one page holds, the page says so and pages through them.</summary>
public sealed class WebPagePagingTests : IAsyncLifetime
{
    InProcessNodes _nodes = null!;

    public async Task InitializeAsync() => _nodes = await InProcessNodes.Start(); // no workers: the sweeps just wait

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task The_page_shows_that_more_sweeps_exist_and_pages_to_them()
    {
        string oldest = (await _nodes.Client.Submit("name: oldest\nfolds: 2\narchitectures: [seed-mlp-2]\n", "oldest.yaml")).Id;
        for (int i = 0; i < 100; i++) await _nodes.Client.Submit($"name: sweep-{i}\nfolds: 2\narchitectures: [seed-mlp-2]\n", "s.yaml");

        await using var browser = await HeadlessChromium.Start();
        await browser.Navigate(_nodes.Url + "/");
        await browser.WaitFor("document.getElementById('sweeps-range').textContent === 'Sweeps 1–100 of 101, newest first.'", TimeSpan.FromSeconds(30), "the first page's range");
        Assert.Equal(100, (await browser.Evaluate("document.querySelectorAll('#sweeps tbody tr').length"))!.GetValue<int>());
        Assert.True((await browser.Evaluate("!document.getElementById('sweeps-pager').hidden && document.getElementById('newer').disabled && !document.getElementById('older').disabled"))!.GetValue<bool>());

        await browser.Evaluate("document.getElementById('older').click()");
        await browser.WaitFor("document.getElementById('sweeps-range').textContent === 'Sweeps 101–101 of 101, newest first.'", TimeSpan.FromSeconds(20), "the second page");
        Assert.Equal(oldest, (await browser.Evaluate("document.querySelector('#sweeps tbody tr').dataset.id"))!.GetValue<string>());
        Assert.True((await browser.Evaluate("document.getElementById('older').disabled && !document.getElementById('newer').disabled"))!.GetValue<bool>());
        await PageChecks.NoPolicyViolations(browser.Page);
    }
}
