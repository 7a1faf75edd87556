using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>Turns an epoch's records into placed, numbered messages (pure function of its inputs).</summary>
internal static class EpochPlan
{
    public static IReadOnlyList<PlannedRecord> Create(
        string producerName, long epoch, IReadOnlyList<OutputRecord> records, Func<string, int> partitionCount)
    {
        var sequences = new Dictionary<TopicPartition, long>();
        var planned = new List<PlannedRecord>(records.Count);
        foreach (var record in records)
        {
            var keyBytes = Encoding.UTF8.GetBytes(record.Key);
            var partition = KafkaPartitioner.Murmur2Partition(keyBytes, partitionCount(record.Topic));
            var destination = new TopicPartition(record.Topic, partition);
            var sequence = sequences.TryGetValue(destination, out var last) ? last + 1 : 1;
            sequences[destination] = sequence;
            var id = new KafkaRecordId(producerName, epoch, sequence);
            var message = new Message<byte[], byte[]>
            {
                Key = keyBytes,
                Value = record.Value,
                Timestamp = new Timestamp(record.TimestampMs, TimestampType.CreateTime),
                Headers = new Headers { { KafkaRecordId.HeaderName, id.ToHeaderValue() } },
            };
            planned.Add(new PlannedRecord(destination, id, message));
        }

        return planned;
    }
}
