using Microsoft.Extensions.Logging;

namespace Crossfold.Protocol.Cluster;

/// <summary>
/// The logger factory Akka.NET's log goes to: the host's, less the transport's echo of a clean leave
/// (<see cref="CrossfoldCluster.DisassociationEcho"/>). Akka.Hosting's logger does not apply Akka.NET's own log filters,
/// so the entries are judged here, whole: the message as Akka.NET formatted it and, after "Cause:", its exception.
/// </summary>
public sealed class QuietLoggerFactory(ILoggerFactory host) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new QuietLogger(host.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => host.AddProvider(provider);

    /// <summary>The host owns its factory; nothing to release here.</summary>
    public void Dispose()
    {
    }

    sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel))
            {
                string text = formatter(state, exception);
                if (CrossfoldCluster.DisassociationEcho.IsMatch(exception is null ? text : $"{text}\nCause: {exception}")) return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
