namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>Headers the provider adds to a dead-lettered record (values are UTF-8 text; partition and offset in decimal).</summary>
public static class KafkaDeadLetterHeaders
{
    /// <summary>Why the record was rejected.</summary>
    public const string Reason = "dlq.reason";

    /// <summary>Topic the record was read from.</summary>
    public const string SourceTopic = "dlq.source.topic";

    /// <summary>Partition the record was read from.</summary>
    public const string SourcePartition = "dlq.source.partition";

    /// <summary>Offset of the record in its source partition.</summary>
    public const string SourceOffset = "dlq.source.offset";
}
