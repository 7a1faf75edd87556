using System.Text;
using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// What one receiver has handed out of its partition: next offset, largest timestamp and, per upstream producer, the
/// highest record id seen (records at or below it are upstream duplicates). Not thread-safe: the receiver guards it.
/// </summary>
internal sealed class PartitionProgress
{
    private Dictionary<string, UpstreamPosition> _upstream = new(StringComparer.Ordinal);

    public PartitionProgress(TopicPartition partition, PartitionCheckpoint? start)
    {
        Partition = partition;
        Reset(start);
    }

    public TopicPartition Partition { get; }

    public long NextOffset { get; private set; }

    public long MaxTimestampMs { get; private set; }

    public void Reset(PartitionCheckpoint? start)
    {
        NextOffset = start?.NextOffset ?? 0;
        MaxTimestampMs = start?.MaxTimestampMs ?? -1;
        _upstream = start is null
            ? new Dictionary<string, UpstreamPosition>(StringComparer.Ordinal)
            : new Dictionary<string, UpstreamPosition>(start.UpstreamIds, StringComparer.Ordinal);
    }

    /// <summary>Moves past <paramref name="record"/>; false when it repeats an upstream id already seen (drop it).</summary>
    public bool Advance(ConsumeResult<byte[]?, byte[]?> record, out string? malformedIdReason)
    {
        malformedIdReason = null;
        NextOffset = record.Offset.Value + 1;
        if (record.Message.Headers?.TryGetLastBytes(KafkaRecordId.HeaderName, out var idBytes) == true)
        {
            if (!KafkaRecordId.TryParse(idBytes, out var id))
            {
                malformedIdReason = $"malformed {KafkaRecordId.HeaderName} header '{Encoding.UTF8.GetString(idBytes)}'";
            }
            else
            {
                var position = id.Value.Position;
                if (_upstream.TryGetValue(id.Value.Producer, out var seen) && position <= seen)
                {
                    return false;
                }

                _upstream[id.Value.Producer] = position;
            }
        }

        MaxTimestampMs = Math.Max(MaxTimestampMs, record.Message.Timestamp.UnixTimestampMs);
        return true;
    }

    public PartitionCheckpoint Checkpoint(bool caughtUp)
        => new(Partition.Topic, Partition.Partition.Value, NextOffset, MaxTimestampMs, caughtUp,
            new Dictionary<string, UpstreamPosition>(_upstream, StringComparer.Ordinal));
}
