using System.Globalization;
using System.Text.RegularExpressions;
using Kickstarter.Connectors.Kafka.Producing;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// One Kafka transaction the product reported committed: the transactional producer's event 3100 ("Producer
/// {TransactionalId} committed epoch {Epoch} of {ProducerName}: {Count} records, attempt {Attempt}."), logged right
/// after CommitTransaction returned. <see cref="At"/> is a Stopwatch timestamp when the event was seen in this
/// process (0 when read from a process's output afterwards); <see cref="Source"/> names the silo.
/// </summary>
/// <remarks>
/// The embedded (librdkafka mock) cluster shows read_committed consumers the records of aborted transactions too, so
/// a topic alone cannot tell a committed copy of a record id from an aborted one; these events can. The silos log the
/// event at Debug: in-process silos capture it with a logger filter, silo processes with
/// <see cref="DebugLoggingSwitch"/>.
/// </remarks>
public sealed partial record KafkaEpochCommit(
    string TransactionalId, string Job, long Epoch, int Records, int Attempt, string Source, long At)
{
    /// <summary>The producer's log category.</summary>
    public static readonly string Category = typeof(TransactionalBatchProducer).FullName!;

    /// <summary>The Silo command-line switch that makes a silo process log the event.</summary>
    public static string DebugLoggingSwitch => $"--Logging:LogLevel:{Category}=Debug";

    /// <summary>Event id of "committed epoch".</summary>
    public const int EventId = 3100;

    /// <summary>Every commit event in a silo process's output.</summary>
    public static IEnumerable<KafkaEpochCommit> ParseAll(string output, string source) =>
        CommittedLine().Matches(output).Select(match => new KafkaEpochCommit(match.Groups[1].Value, match.Groups[3].Value,
            long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture), source, 0));

    [GeneratedRegex(@"Producer (\S+) committed epoch (\d+) of (\S+): (\d+) records, attempt (\d+)\.")]
    private static partial Regex CommittedLine();
}
