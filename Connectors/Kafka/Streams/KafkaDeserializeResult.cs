namespace Kickstarter.Connectors.Kafka.Streams;

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
