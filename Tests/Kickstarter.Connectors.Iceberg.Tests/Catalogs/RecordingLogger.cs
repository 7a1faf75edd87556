using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs;

/// <summary>Keeps every log entry (event id and text); <see cref="OnLog"/> lets a test act on an entry as it is written.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly List<(int EventId, string Message)> _entries = [];

    /// <summary>Runs for each entry, on the logging thread.</summary>
    public Action<int>? OnLog { get; set; }

    /// <summary>The messages logged with <paramref name="eventId"/>, in order.</summary>
    public IReadOnlyList<string> Messages(int eventId)
    {
        lock (_entries)
        {
            return _entries.Where(e => e.EventId == eventId).Select(e => e.Message).ToList();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((eventId.Id, formatter(state, exception)));
        }

        OnLog?.Invoke(eventId.Id);
    }
}
