using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Crossfold.Tests.Web;

/// <summary>
/// Debian's headless Chromium driven over the Chrome DevTools protocol: navigate, evaluate JavaScript,
/// wait for the page to show something. Just enough of the protocol for end-to-end page tests.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    readonly Process _process;
    readonly string _profile;
    readonly ClientWebSocket _socket = new();
    int _nextId;

    HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

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
        string endpoint = await browser.DevToolsPort();
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://{endpoint}/json/list"))!.AsArray();
        string page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        await browser._socket.ConnectAsync(new Uri(page), CancellationToken.None);
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

    public async Task Navigate(string url) => await Call("Page.navigate", new JsonObject { ["url"] = url });

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        var result = await Call("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true,
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
        throw new TimeoutException($"the page did not show {what} within {timeout.TotalSeconds:0} s; it shows:\n{body}");
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
            if (reply["id"]?.GetValue<int>() != id) continue; // an event, or an answer to someone else
            if (reply["error"] is JsonNode error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
        catch (WebSocketException) { }
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_profile, true); } catch (IOException) { }
    }
}
