namespace Kickstarter.Connectors.Kafka.Options;

/// <summary>Settings of one Kafka persistent stream provider (one queue per topic-partition).</summary>
public sealed class KafkaStreamOptions
{
    /// <summary>Kafka bootstrap servers (host:port list). Required. default: none.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Topics to read; each topic is a stream namespace. Required, non-empty. default: empty.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>
    /// Partition counts per topic. A topic not listed here is looked up in the cluster metadata at start-up.
    /// Every silo must see the same counts. default: empty (all from metadata).
    /// </summary>
    public Dictionary<string, int> PartitionCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Any librdkafka consumer property; applied over the provider's defaults (fetch tuning, bounded
    /// queued.max.messages.kbytes). enable.auto.commit and auto.offset.reset are fixed by the provider.
    /// Secrets here are redacted from logs. default: empty.
    /// </summary>
    public Dictionary<string, string> ConsumerProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Consumer properties the provider sets itself, so a value for one in <see cref="ConsumerProperties"/> is refused:
    /// offsets come from checkpoints, never from Kafka, and falling off the retained log is an error.
    /// </summary>
    public static IReadOnlyList<string> ProviderOwnedConsumerProperties { get; } =
        ["enable.auto.commit", "auto.offset.reset", "enable.auto.offset.store"];

    /// <summary>Any librdkafka property for the dead-letter producer (idempotent, acks=all). default: empty.</summary>
    public Dictionary<string, string> ProducerProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most records one receiver takes from Kafka per poll (grouped into one container per key). default: 5000.</summary>
    public int MaxRecordsPerPoll { get; set; } = DefaultMaxRecordsPerPoll;

    /// <summary>Default of <see cref="MaxRecordsPerPoll"/>.</summary>
    public const int DefaultMaxRecordsPerPoll = 5000;

    /// <summary>Topic that receives records the deserializer rejects. default: airline.dlq.</summary>
    public string DeadLetterTopic { get; set; } = "airline.dlq";

    /// <summary>How long one poll waits for the first record before returning nothing. default: 20 ms.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the pulling agent polls a partition. default: 20 ms.</summary>
    public TimeSpan PullPeriod { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Containers (one per key per poll) the per-partition cache holds before backpressure. default: 4096.</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>How long a container may keep failing delivery before it is given up (and reported). default: 30 s.</summary>
    public TimeSpan MaxEventDeliveryTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long start-up may take to read partition counts from the cluster. default: 30 s.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
