using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>
/// Answers "is this epoch already in Kafka?" before an epoch is produced again (a committer recovering a prepared
/// epoch, or a producer whose commit failed in a way that may have landed): when the epoch's last record on every
/// partition it writes is visible to a read_committed consumer, the transaction committed and must not be repeated.
/// </summary>
/// <remarks>
/// The committer is the only writer of its output partitions and produces its epochs in order, so on each partition
/// the epoch's records come after every record of its earlier epochs. The search walks back from the end of the
/// partition in windows that double (256, 512, ... records) and stops at the epoch's last record (visible), or at a
/// record of an earlier epoch of the same producer once everything after it has been read (not visible), or at the
/// start of the partition. No fixed window: any number of records of aborted attempts after the epoch (a redo that
/// crashed, a zombie) is read through. On a real broker read_committed hides aborted and open transactions, so
/// visible means committed. On librdkafka's mock cluster aborted records are visible too: there an attempt that
/// produced every record and then aborted counts as committed, which changes nothing a consumer of the mock can see
/// (it sees those records anyway, and downstream dedup drops repeated ids); an attempt that aborted partway does not.
/// A read that cannot reach the end of a partition in time throws instead of answering, because a wrong "no" would
/// produce the epoch twice.
/// </remarks>
internal static class EpochVisibility
{
    private const long FirstWindow = 256;

    public static bool IsVisible(ConsumerConfig config, IReadOnlyList<PlannedRecord> plan, TimeSpan timeout)
    {
        var lastByPartition = plan.GroupBy(p => p.Destination).ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id.Position)!.Id);
        if (lastByPartition.Count == 0)
        {
            return true;
        }

        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        foreach (var (partition, last) in lastByPartition)
        {
            if (!IsVisibleIn(consumer, partition, last, timeout))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVisibleIn(IConsumer<byte[], byte[]> consumer, TopicPartition partition, KafkaRecordId last, TimeSpan timeout)
    {
        var watermarks = consumer.QueryWatermarkOffsets(partition, timeout);
        var low = Math.Max(0, watermarks.Low.Value);
        var upTo = watermarks.High.Value; // [upTo, high) is read already
        var window = FirstWindow;
        while (upTo > low)
        {
            var from = Math.Max(low, upTo - window);
            switch (Scan(consumer, partition, from, upTo, last, timeout))
            {
                case ScanResult.Found:
                    return true;
                case ScanResult.EarlierEpoch:
                    return false;
            }

            upTo = from;
            window *= 2;
        }

        return false;
    }

    private enum ScanResult
    {
        Nothing,
        Found,
        EarlierEpoch,
    }

    /// <summary>Reads [<paramref name="from"/>, <paramref name="to"/>) of the partition as read_committed sees it.</summary>
    private static ScanResult Scan(
        IConsumer<byte[], byte[]> consumer, TopicPartition partition, long from, long to, KafkaRecordId last, TimeSpan timeout)
    {
        consumer.Assign(new TopicPartitionOffset(partition, from));
        try
        {
            var result = ScanResult.Nothing;
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (record?.Message is { } message && record.Offset.Value < to &&
                    message.Headers?.TryGetLastBytes(KafkaRecordId.HeaderName, out var header) == true &&
                    KafkaRecordId.TryParse(header, out var parsed) && parsed.Value.Producer == last.Producer)
                {
                    if (parsed.Value == last)
                    {
                        return ScanResult.Found;
                    }

                    if (parsed.Value.Epoch < last.Epoch)
                    {
                        result = ScanResult.EarlierEpoch; // keep reading: the epoch's last record may still follow
                    }
                }

                // Transaction markers and aborted records take offsets no consumed record has: go by the position.
                var position = consumer.Position(partition);
                if (position != Offset.Unset && position.Value >= to)
                {
                    return result;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException(
                        $"Could not read {partition.Topic}/{partition.Partition.Value} from offset {from} to {to} within {timeout} " +
                        $"to find out whether epoch {last.Epoch} of '{last.Producer}' is committed.");
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }
    }
}
