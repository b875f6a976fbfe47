using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text;

namespace Crossfold.Tests.Web;

/// <summary>
/// Debian's headless Chromium driven over the Chrome DevTools protocol: navigate, evaluate JavaScript,
/// wait for the page to show something, follow a tab the page opens. Just enough of the protocol for
/// end-to-end page tests.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    readonly Process _process;
    readonly string _profile;
    readonly List<DevToolsPage> _pages = new();
    string _endpoint = "";

    HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The tab the browser started with.</summary>
    public DevToolsPage Page { get; private set; } = null!;

    public static async Task<HeadlessChromium> Start()
    {
        string binary = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: scripts/test.sh installs Debian's chromium package (apt-get install chromium)");
        string profile = Directory.CreateTempSubdirectory("crossfold-chromium-").FullName;
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        // The flags keep Chromium off the network (it would try to reach Google's services) and fit a root CI container.
        foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" })
            start.ArgumentList.Add(flag);
        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        browser._endpoint = await browser.DevToolsPort();
        browser.Page = await browser.Attach(url => url == "about:blank", TimeSpan.FromSeconds(10));
        return browser;
    }

    async Task<string> DevToolsPort()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            string? line = await _process.StandardError.ReadLineAsync();
            if (line is null) break;
            var match = Regex.Match(line, @"DevTools listening on ws://([^/]+)/");
            if (match.Success) return match.Groups[1].Value;
        }
        throw new InvalidOperationException("Chromium did not open its DevTools port");
    }

    /// <summary>Connects to a tab whose URL matches (e.g. one the page opened), once it exists; the browser closes the connection when it is disposed.</summary>
    public async Task<DevToolsPage> Attach(Func<string, bool> url, TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://{_endpoint}/json/list"))!.AsArray();
            var target = targets.FirstOrDefault(t => t!["type"]!.GetValue<string>() == "page" && url(t["url"]!.GetValue<string>()));
            if (target is not null)
            {
                var page = await DevToolsPage.Connect(target["webSocketDebuggerUrl"]!.GetValue<string>());
                _pages.Add(page);
                return page;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no tab with the expected URL within {timeout.TotalSeconds:0} s; tabs: " +
                    string.Join(", ", targets.Select(t => t!["url"]!.GetValue<string>())));
            await Task.Delay(200);
        }
    }

    /// <summary>Opens a new, blank tab (its console starts empty).</summary>
    public async Task<DevToolsPage> NewTab()
    {
        using var http = new HttpClient();
        using var created = await http.PutAsync($"http://{_endpoint}/json/new?about:blank", null);
        var target = JsonNode.Parse(await created.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        var page = await DevToolsPage.Connect(target["webSocketDebuggerUrl"]!.GetValue<string>());
        _pages.Add(page);
        return page;
    }

    public Task Navigate(string url) => Page.Navigate(url);

    public Task<JsonNode?> Evaluate(string expression, bool userGesture = false) => Page.Evaluate(expression, userGesture);

    public Task<JsonNode> WaitFor(string expression, TimeSpan timeout, string what) => Page.WaitFor(expression, timeout, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages) await page.DisposeAsync();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_profile, true); } catch (IOException) { }
    }
}

/// <summary>
/// One tab over its DevTools socket. It records what the console shows (log entries such as Content
/// Security Policy violations, console calls, uncaught exceptions) and every URL the tab requests.
/// </summary>
public sealed class DevToolsPage : IAsyncDisposable
{
    readonly ClientWebSocket _socket = new();
    readonly List<string> _console = new();
    readonly List<string> _requests = new();
    int _nextId;

    /// <summary>Everything the console showed so far, one line each: "level source: text".</summary>
    public IReadOnlyList<string> Console
    {
        get { lock (_console) return _console.ToList(); }
    }

    /// <summary>Every URL the tab requested so far (documents, scripts, fetches, event streams).</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    internal static async Task<DevToolsPage> Connect(string webSocketUrl)
    {
        var page = new DevToolsPage();
        await page._socket.ConnectAsync(new Uri(webSocketUrl), CancellationToken.None);
        foreach (string domain in new[] { "Log", "Runtime", "Network", "Page" })
            await page.Call(domain + ".enable", new JsonObject());
        return page;
    }

    public async Task Navigate(string url) => await Call("Page.navigate", new JsonObject { ["url"] = url });

    public async Task Reload() => await Call("Page.reload", new JsonObject());

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON; <paramref name="userGesture"/> makes it count as a click by the user.</summary>
    public async Task<JsonNode?> Evaluate(string expression, bool userGesture = false)
    {
        var result = await Call("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true, ["userGesture"] = userGesture,
        });
        if (result["exceptionDetails"] is JsonNode error) throw new InvalidOperationException($"page script failed: {error.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>Polls an expression until it is truthy; returns its value.</summary>
    public async Task<JsonNode> WaitFor(string expression, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await Evaluate(expression) is JsonNode value && value.ToJsonString() is not ("false" or "null" or "\"\"" or "0")) return value;
            }
            catch (InvalidOperationException)
            {
                // The page is between documents (navigating): try again.
            }
            await Task.Delay(200);
        }
        string body = (await Evaluate("document.body ? document.body.innerText : ''"))?.ToString() ?? "";
        throw new TimeoutException($"the page did not show {what} within {timeout.TotalSeconds:0} s; it shows:\n{body}\nconsole:\n{string.Join("\n", Console)}");
    }

    async Task<JsonNode> Call(string method, JsonObject parameters)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                text.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);
            var reply = JsonNode.Parse(text.ToArray())!;
            if (reply["id"] is null)
            {
                Record(reply);
                continue;
            }
            if (reply["id"]!.GetValue<int>() != id) continue; // an answer to someone else
            if (reply["error"] is JsonNode error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    /// <summary>Keeps the events the tests look at; they arrive between answers, so they are read while waiting for one.</summary>
    void Record(JsonNode e)
    {
        var p = e["params"];
        string? line = e["method"]?.GetValue<string>() switch
        {
            "Log.entryAdded" => $"{p?["entry"]?["level"]} {p?["entry"]?["source"]}: {p?["entry"]?["text"]}",
            "Runtime.consoleAPICalled" => $"{p?["type"]} console: {string.Join(" ", p?["args"]?.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString()) ?? [])}",
            "Runtime.exceptionThrown" => $"error exception: {p?["exceptionDetails"]?["exception"]?["description"] ?? p?["exceptionDetails"]?["text"]}",
            _ => null,
        };
        if (line is not null) lock (_console) _console.Add(line);
        if (e["method"]?.GetValue<string>() == "Network.requestWillBeSent" && p?["request"]?["url"]?.GetValue<string>() is string url)
            lock (_requests) _requests.Add(url);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
            catch (WebSocketException) { }
        }
        _socket.Dispose();
    }
}
