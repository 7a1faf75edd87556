using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// The stream provider's instruments in the <c>Kickstarter</c> meter (names in docs/metrics.md, which the Grafana
/// dashboard queries): records consumed and consumer lag per topic-partition, dead letters per topic and reason.
/// </summary>
internal static class KafkaStreamMetrics
{
    /// <summary>The meter every Kickstarter assembly records into (one name, several <see cref="Meter"/> instances).</summary>
    public const string MeterName = "Kickstarter";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<KafkaPartitionReceiver, byte> Live = new();

    public static readonly Counter<long> RecordsConsumed = Meter.CreateCounter<long>(
        "kickstarter.records.consumed", "{record}", "Records the Kafka stream provider read and handed to grains.");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "kickstarter.dead_letters", "{record}", "Records sent to the dead-letter topic, by source topic and reason.");

    static KafkaStreamMetrics()
    {
        Meter.CreateObservableGauge("kickstarter.consumer.lag", ObserveLag, "{record}",
            "Records between the partition's end offset and the position read.");
    }

    /// <summary>Every receiver of this process, started or not: the lag gauge and the readiness check read them.</summary>
    public static ICollection<KafkaPartitionReceiver> Receivers => Live.Keys;

    public static void Track(KafkaPartitionReceiver receiver) => Live[receiver] = 0;

    public static void Untrack(KafkaPartitionReceiver receiver) => Live.TryRemove(receiver, out _);

    public static void RecordConsumed(string topic, int partition, int count)
    {
        if (count > 0)
        {
            RecordsConsumed.Add(count, new("topic", topic), new("partition", partition));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var receiver in Live.Keys)
        {
            if (receiver.Lag is { } lag)
            {
                yield return new Measurement<long>(
                    lag, new("topic", receiver.Partition.Topic), new("partition", receiver.Partition.Partition.Value));
            }
        }
    }
}
