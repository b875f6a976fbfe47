using System.Net;
using System.Text.RegularExpressions;
using Crossfold.Core;
using Microsoft.AspNetCore.Http;

namespace Crossfold.Coordinator.Server;

/// <summary>How far an HTTP listener reaches.</summary>
public enum HttpExposure
{
    /// <summary>This machine only (localhost, a loopback address).</summary>
    Loopback,

    /// <summary>One network interface other machines can reach.</summary>
    Interface,

    /// <summary>Every interface: 0.0.0.0, [::], *, + or any host name other than localhost.</summary>
    EveryInterface,
}

/// <summary>
/// The --http URL read the way Kestrel reads it (its own <see cref="BindingAddress"/> parser and its
/// binding rules), refused when Kestrel would misread it, and classified by how far it reaches.
/// </summary>
public sealed partial record HttpAddress(string Url, string Host, int Port, HttpExposure Exposure)
{
    public bool IsLoopback => Exposure == HttpExposure.Loopback;

    /// <summary>The checked address; an <see cref="InputException"/> naming --http for anything Kestrel would not bind as written.</summary>
    public static HttpAddress Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url)) throw Bad("is empty: give a URL such as http://127.0.0.1:5080");
        // Checked before anything echoes the URL: user info may hold a password. Kestrel has no notion of
        // it and would take "x@127.0.0.1" for a host name, which it binds on every interface.
        if (url.Contains('@'))
            throw Bad("must not contain user info (NAME@ before the host): Kestrel would take it as part of a host name and listen on every interface");
        if (url.Contains(';')) throw Bad($"{url} is several addresses: give one URL");
        if (url.IndexOfAny(['?', '#']) >= 0)
            throw Bad($"{url} has a query or fragment: Kestrel ignores neither cleanly (after the port it reads them as part of the host and listens on port 80 of every interface)");
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(url.Trim());
        }
        catch (FormatException)
        {
            throw Bad($"{url} is not a URL such as http://127.0.0.1:5080");
        }
        if (parsed.IsUnixPipe || parsed.IsNamedPipe) throw Bad($"{url}: Unix sockets and named pipes are not supported; give http://HOST:PORT");
        if (!parsed.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !parsed.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            throw Bad($"{url}: the scheme must be http (or https with a certificate configured for Kestrel), not '{parsed.Scheme}'");
        if (parsed.PathBase.Length > 0) throw Bad($"{url} has a path ('{parsed.PathBase}'): the API is served at the root; give http://HOST:PORT");
        if (parsed.Port is < 0 or > IPEndPoint.MaxPort) throw Bad($"{url}: the port must be from 0 to {IPEndPoint.MaxPort}");
        string host = parsed.Host;
        return new HttpAddress(url, host, parsed.Port, ExposureOf(host) ?? throw Bad(
            $"{url}: '{host}' is not a host name or IP address (Kestrel would listen on every interface instead)"));
    }

    /// <summary>Kestrel's binding rule (AddressBinder.ParseAddress): localhost and *.localhost bind loopback, an IP literal binds that address, anything else binds every interface.</summary>
    static HttpExposure? ExposureOf(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return HttpExposure.Loopback;
        if (IPAddress.TryParse(host, out var ip))
            return IPAddress.IsLoopback(ip) ? HttpExposure.Loopback
                : ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) ? HttpExposure.EveryInterface
                : HttpExposure.Interface;
        return host is "*" or "+" || HostName().IsMatch(host) ? HttpExposure.EveryInterface : null;
    }

    /// <summary>Why a token is needed here, for the error when there is none.</summary>
    public string Reach => Exposure switch
    {
        HttpExposure.EveryInterface when Host is not ("*" or "+") && !IPAddress.TryParse(Host, out _) =>
            "listens on every network interface (Kestrel binds a host name other than localhost to all of them)",
        HttpExposure.EveryInterface => "listens on every network interface",
        HttpExposure.Interface => "accepts connections from other machines",
        _ => "only accepts connections from this machine",
    };

    static InputException Bad(string problem) => new($"--http {problem}");

    [GeneratedRegex(@"^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")]
    private static partial Regex HostName();
}
