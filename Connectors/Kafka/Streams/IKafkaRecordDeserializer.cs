using Confluent.Kafka;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Turns a Kafka record into the event object grains receive. Provided by the host, registered as a keyed singleton
/// under the stream provider's name (<c>services.AddKeyedSingleton&lt;IKafkaRecordDeserializer&gt;("kafka", ...)</c>);
/// a non-keyed registration serves providers without a keyed one. Called on the receiver's thread: keep it fast and
/// never throw for bad input, return <see cref="KafkaDeserializeResult.Error"/> instead (an exception is treated the same way).
/// </summary>
public interface IKafkaRecordDeserializer
{
    /// <summary>Deserializes one record.</summary>
    KafkaDeserializeResult Deserialize(in KafkaRecordContext context);
}

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

/// <summary>Either an event object (an Orleans-serializable type of the host's) or the reason the record is malformed.</summary>
public readonly struct KafkaDeserializeResult
{
    private KafkaDeserializeResult(object? @event, string? error)
    {
        EventObject = @event;
        ErrorReason = error;
    }

    /// <summary>The event to deliver, when <see cref="IsError"/> is false.</summary>
    public object? EventObject { get; }

    /// <summary>Why the record was rejected, when <see cref="IsError"/> is true.</summary>
    public string? ErrorReason { get; }

    /// <summary>True when the record is malformed and goes to the dead-letter topic.</summary>
    public bool IsError => ErrorReason is not null;

    /// <summary>A successfully deserialized event.</summary>
    public static KafkaDeserializeResult Event(object @event)
        => new(@event ?? throw new ArgumentNullException(nameof(@event)), null);

    /// <summary>A malformed record, with a short human-readable reason (goes into the dlq.reason header).</summary>
    public static KafkaDeserializeResult Error(string reason)
        => new(null, string.IsNullOrEmpty(reason) ? "unspecified" : reason);
}
