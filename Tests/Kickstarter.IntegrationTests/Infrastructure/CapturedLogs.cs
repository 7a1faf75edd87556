using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps what in-process test silos log (warnings and above, plus Kickstarter's own information), so a failing
/// multi-silo test can show what the silos saw.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public static readonly ConcurrentQueue<string> Lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Warning || (logLevel >= LogLevel.Information && category.StartsWith("Kickstarter", StringComparison.Ordinal));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Lines.Enqueue(
                    $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: " +
                    $"{formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
