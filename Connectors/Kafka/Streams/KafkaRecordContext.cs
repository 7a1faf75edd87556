using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>One record as read from Kafka.</summary>
/// <param name="Topic">Source topic (the stream namespace).</param>
/// <param name="Partition">Source partition.</param>
/// <param name="Offset">Record offset in its partition.</param>
/// <param name="TimestampMs">Record timestamp, milliseconds since the Unix epoch.</param>
/// <param name="Key">Record key as UTF-8 text ("" when the record has no key): the stream key.</param>
/// <param name="Value">Record value bytes (empty for a null value).</param>
/// <param name="Headers">Record headers, possibly empty.</param>
public readonly record struct KafkaRecordContext(
    string Topic,
    int Partition,
    long Offset,
    long TimestampMs,
    string Key,
    ReadOnlyMemory<byte> Value,
    Headers Headers);
