using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Turns polled records into containers, one per key, in offset order: drops upstream duplicates, dead-letters what
/// the deserializer rejects, and advances the partition's progress past every record it takes.
/// </summary>
internal sealed class RecordHandOut(
    string providerName, string deadLetterTopic, IKafkaRecordDeserializer deserializer, DeadLetterProducer deadLetters, ILogger logger)
{
    public long MalformedCount { get; private set; }

    public long DuplicateCount { get; private set; }

    /// <summary>
    /// Takes records from <paramref name="records"/> starting at <paramref name="index"/> until a new key would need
    /// container number <paramref name="maxContainers"/> + 1; the rest stays for the next call.
    /// </summary>
    public List<IBatchContainer> Take(
        List<ConsumeResult<byte[]?, byte[]?>> records, ref int index, int maxContainers, PartitionProgress progress,
            List<Task> deadLettersInFlight)
    {
        var byKey = new Dictionary<string, KafkaBatchContainer>(StringComparer.Ordinal);
        var ordered = new List<IBatchContainer>();
        for (; index < records.Count; index++)
        {
            var record = records[index];
            var key = record.Message.Key is null ? string.Empty : Encoding.UTF8.GetString(record.Message.Key);
            if (!byKey.ContainsKey(key) && byKey.Count >= maxContainers)
            {
                break;
            }

            if (!progress.Advance(record, out var malformedId))
            {
                DuplicateCount++;
                KafkaStreamLog.DuplicateRecords.Add(1);
                continue;
            }

            var threw = false;
            var result = malformedId is null ? Deserialize(record, key, out threw) : KafkaDeserializeResult.Error(malformedId);
            if (result.IsError)
            {
                MalformedCount++;
                KafkaStreamLog.MalformedRecords.Add(1);
                // A fixed word per failure kind: label values stay few (the record's reason text goes in the header).
                var kind = malformedId is not null ? "malformed_id" : threw ? "deserializer_threw" : "rejected";
                KafkaStreamMetrics.DeadLetters.Add(1, new("topic", record.Topic), new("reason", kind));
                KafkaStreamLog.MalformedRecord(logger, providerName, record.Topic, record.Partition.Value, record.Offset.Value,
                    deadLetterTopic, result.ErrorReason!);
                deadLettersInFlight.Add(deadLetters.SendAsync(record, result.ErrorReason!));
                continue;
            }

            if (!byKey.TryGetValue(key, out var container))
            {
                container = new KafkaBatchContainer(StreamId.Create(record.Topic, key), [], []);
                byKey.Add(key, container);
                ordered.Add(container);
            }

            // The first traced record of the container parents the grain's delivery span.
            var traceParent = KafkaTracing.Received(providerName, record, key);
            container.TraceParent ??= traceParent;
            container.Events.Add(result.EventObject!);
            container.Offsets.Add(record.Offset.Value);
        }

        return ordered;
    }

    private KafkaDeserializeResult Deserialize(ConsumeResult<byte[]?, byte[]?> record, string key, out bool threw)
    {
        threw = false;
        var context = new KafkaRecordContext(
            record.Topic, record.Partition.Value, record.Offset.Value, record.Message.Timestamp.UnixTimestampMs, key,
            record.Message.Value ?? ReadOnlyMemory<byte>.Empty, record.Message.Headers ?? []);
        try
        {
            return deserializer.Deserialize(in context);
        }
        catch (Exception ex)
        {
            KafkaStreamLog.DeserializerThrew(logger, providerName, record.Topic, record.Partition.Value, record.Offset.Value, ex);
            threw = true;
            return KafkaDeserializeResult.Error($"deserializer threw {ex.GetType().Name}: {ex.Message}");
        }
    }
}
