using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// A logger provider of each chaos silo that keeps the transactional producer's "committed epoch" events
/// (<see cref="KafkaEpochCommit"/>), with the silo and the moment, killed silos' zombies included: the test proves
/// with them that a kill came before the producer knew its transaction committed, and that no epoch was committed
/// twice in Kafka.
/// </summary>
internal sealed class KafkaCommitProbe(IServiceProvider services) : ILoggerProvider
{
    private static readonly ConcurrentQueue<KafkaEpochCommit> CommitQueue = new();

    /// <summary>Every commit event of the run, in the order seen.</summary>
    public static IReadOnlyCollection<KafkaEpochCommit> Commits => CommitQueue;

    public static void Reset() => CommitQueue.Clear();

    // The silo is looked up when the producer's logger is made (its first commit), not when the logger factory is
    // built: the silo's details need the container ready.
    public ILogger CreateLogger(string categoryName) =>
        categoryName == KafkaEpochCommit.Category ? new Logger(SiloName()) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private string SiloName()
    {
        try
        {
            return services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
        }
        catch (ObjectDisposedException)
        {
            return "a stopped silo";
        }
    }

    private sealed class Logger(string silo) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != KafkaEpochCommit.EventId || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            object? Value(string name) => values.FirstOrDefault(pair => pair.Key == name).Value;
            CommitQueue.Enqueue(new KafkaEpochCommit((string)Value("TransactionalId")!, (string)Value("ProducerName")!,
                Convert.ToInt64(Value("Epoch"), CultureInfo.InvariantCulture),
                    Convert.ToInt32(Value("Count"), CultureInfo.InvariantCulture),
                    Convert.ToInt32(Value("Attempt"), CultureInfo.InvariantCulture),
                silo, Stopwatch.GetTimestamp()));
        }
    }
}
