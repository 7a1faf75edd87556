using Kickstarter.Connectors.Kafka.Options;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>Settings of a <see cref="TransactionalBatchProducer"/>.</summary>
public sealed class TransactionalBatchProducerOptions
{
    /// <summary>Kafka bootstrap servers (host:port list). Required. default: none.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>
    /// Stable transactional.id: the same logical writer must always use the same id so that a new instance fences
    /// older ones. Required. default: none.
    /// </summary>
    public string TransactionalId { get; set; } = string.Empty;

    /// <summary>Extra librdkafka producer properties (secrets allowed; never logged). default: empty.</summary>
    public Dictionary<string, string> ProducerProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// librdkafka properties of the read_committed consumer that looks for an epoch whose commit may have landed: the
    /// consumer role's properties, as the receivers get them (shared, then consumer-only). They come after the
    /// producer's <c>security.*</c>, <c>sasl.*</c> and <c>ssl.*</c> properties and win; the lookup's own group, offset,
    /// isolation and end-of-partition settings are set after them (secrets allowed; never logged). default: empty.
    /// </summary>
    public Dictionary<string, string> ConsumerProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Source of SASL credentials that can rotate while the producer lives: applied to every producer and recovery
    /// consumer it builds, handed to the live producer, and, when they changed, the producer is re-created before the
    /// next epoch (never inside a transaction). default: none (the properties' credentials, fixed).
    /// </summary>
    public IKafkaCredentialSource? Credentials { get; set; }

    /// <summary>Retries of an epoch after its first attempt before giving up; 0 disables them. default: 5</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>
    /// Delay before the first retry; each further retry doubles it (with jitter: half of it for sure, the other half at
    /// random), up to <see cref="MaxRetryDelay"/>. default: 100 ms
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the delay between attempts, before jitter. default: 5 s</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of InitTransactions, CommitTransaction, AbortTransaction and metadata calls. default: 30 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
