using Microsoft.Extensions.Logging;

namespace Kickstarter.Testing.Logging;

/// <summary>
/// Keeps every log entry (event id, text, exception) at every level; <see cref="OnLog"/> lets a test act on an entry
/// as it is written. Pass it where the code under test takes an <see cref="ILogger"/>, then assert on what it logged.
/// </summary>
public class RecordingLogger : ILogger
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>Runs for each entry, on the logging thread, with the entry's event id.</summary>
    public Action<int>? OnLog { get; set; }

    /// <summary>Every entry so far, in order.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The messages logged with <paramref name="eventId"/>, in order.</summary>
    public IReadOnlyList<string> Messages(int eventId) =>
        Entries.Where(entry => entry.EventId == eventId).Select(entry => entry.Message).ToList();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add(new LogEntry(eventId.Id, logLevel, formatter(state, exception), exception));
        }

        OnLog?.Invoke(eventId.Id);
    }
}
