using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

/// <summary>Produces test records to an exact partition.</summary>
internal static class StreamTestProducing
{
    public static async Task<long> ProduceAsync(
        IProducer<byte[], byte[]> producer, string topic, int partition, string key, string payload, string? recordId = null, long? timestampMs = null)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = Encoding.UTF8.GetBytes(payload),
            Headers = [],
            Timestamp = timestampMs is { } ts ? new Timestamp(ts, TimestampType.CreateTime) : Timestamp.Default,
        };
        if (recordId is not null)
        {
            message.Headers.Add(KafkaRecordId.HeaderName, Encoding.UTF8.GetBytes(recordId));
        }

        var result = await producer.ProduceAsync(new TopicPartition(topic, partition), message);
        return result.Offset.Value;
    }
}
