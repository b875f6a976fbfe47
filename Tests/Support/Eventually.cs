namespace Crossfold.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes (cluster state converges, it is not instant).</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? diagnostics = null) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is T value) return value;
            }
            catch (Exception e)
            {
                last = e;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}" +
            (last is null ? "" : $" (last error: {last.Message})") + (diagnostics is null ? "" : "\n" + diagnostics()));
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan timeout, string what, Func<string>? diagnostics = null) =>
        Get<object>(async () => await probe() ? new object() : null, timeout, what, diagnostics);
}
