namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Which topic-partitions the Kafka stream provider's receivers of this process own: a receiver Orleans gave a queue
/// owns its partition once it has its start position and reads (before that, barriers neither wait for it nor report
/// it). The silo's readiness check reads this.
/// </summary>
public static class KafkaReceiverOwnership
{
    /// <summary>Partitions whose receiver is reading, and partitions given to this process whose receiver is not yet.</summary>
    public static (IReadOnlyList<string> Owned, IReadOnlyList<string> Waiting) Current()
    {
        var owned = new List<string>();
        var waiting = new List<string>();
        foreach (var receiver in KafkaStreamMetrics.Receivers)
        {
            var name = $"{receiver.Partition.Topic}/{receiver.Partition.Partition.Value}";
            (receiver.IsReading ? owned : waiting).Add(name);
        }

        owned.Sort(StringComparer.Ordinal);
        waiting.Sort(StringComparer.Ordinal);
        return (owned, waiting);
    }
}
