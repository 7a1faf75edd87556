using Confluent.Kafka;

namespace Kickstarter.Silo.Kafka;

/// <summary>The Kafka cluster this process talks to, embedded or real, and the client settings every client shares.</summary>
public sealed class KafkaConnection(string bootstrapServers, IReadOnlyDictionary<string, string> properties, bool embedded)
{
    public string BootstrapServers { get; } = bootstrapServers;

    public IReadOnlyDictionary<string, string> Properties { get; } = properties;

    /// <summary>True when the cluster is the in-process mock cluster.</summary>
    public bool IsEmbedded { get; } = embedded;

    /// <summary>A producer config; zstd because the embedded cluster keeps only ~5 MB per partition.</summary>
    public ProducerConfig ProducerConfig(bool idempotent)
    {
        var config = new ProducerConfig(Properties.ToDictionary())
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = idempotent,
            CompressionType = CompressionType.Zstd,
            LingerMs = 5,
            Acks = Acks.All,
        };
        return config;
    }

    /// <summary>An admin client config.</summary>
    public AdminClientConfig AdminConfig() => new(Properties.ToDictionary()) { BootstrapServers = BootstrapServers };

    /// <summary>A consumer config reading committed data only.</summary>
    public ConsumerConfig ConsumerConfig(string groupId) => new(Properties.ToDictionary())
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };
}
