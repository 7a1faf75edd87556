using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>
/// Answers "is this epoch already in Kafka?" for a committer recovering a prepared epoch: when the last record of the
/// epoch is visible on every partition it writes, to a read_committed consumer, the transaction committed and must not
/// be produced again.
/// </summary>
/// <remarks>
/// The committer is the only writer of its output partitions and the epoch being recovered is its latest, so the
/// epoch's last record, if committed, is among the last records of each partition. On a real broker read_committed
/// hides aborted and still-open transactions, so an answer of true means committed. On librdkafka's mock cluster aborted
/// records are visible too; skipping the redo there changes nothing a consumer of the mock can see.
/// </remarks>
internal static class EpochVisibility
{
    private const int TailRecords = 64;

    public static bool IsVisible(ConsumerConfig config, IReadOnlyList<PlannedRecord> plan, TimeSpan timeout)
    {
        var lastByPartition = plan.GroupBy(p => p.Destination).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id.Position)!.Id);
        if (lastByPartition.Count == 0)
        {
            return true;
        }

        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        foreach (var (partition, last) in lastByPartition)
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, timeout);
            if (watermarks.High.Value <= 0)
            {
                return false;
            }

            var start = Math.Max(watermarks.Low.Value, watermarks.High.Value - TailRecords);
            consumer.Assign(new TopicPartitionOffset(partition, start));
            KafkaRecordId? newest = null;
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message?.Headers?.TryGetLastBytes(KafkaRecordId.HeaderName, out var header) == true &&
                    KafkaRecordId.TryParse(header, out var parsed) && parsed.Value.Producer == last.Producer &&
                    (newest is null || parsed.Value.Position > newest.Value.Position))
                {
                    newest = parsed;
                }

                var position = consumer.Position(partition);
                if (position != Offset.Unset && position.Value >= watermarks.High.Value)
                {
                    break;
                }
            }

            consumer.Unassign();
            if (newest is null || newest.Value.Position < last.Position)
            {
                return false;
            }
        }

        return true;
    }
}
