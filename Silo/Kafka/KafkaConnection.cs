using Confluent.Kafka;
using Kickstarter.Silo.Configuration;

namespace Kickstarter.Silo.Kafka;

/// <summary>
/// The Kafka cluster this process talks to, embedded or real, and the client settings every client shares
/// (<c>Kafka:Properties:*</c>), then those of its role (<c>Kafka:ConsumerProperties:*</c>,
/// <c>Kafka:ProducerProperties:*</c>), which win.
/// </summary>
public sealed class KafkaConnection(string bootstrapServers, KafkaOptions options, bool embedded)
{
    public string BootstrapServers { get; } = bootstrapServers;

    public IReadOnlyDictionary<string, string> Properties { get; } = options.Properties;

    /// <summary>True when the cluster is the in-process mock cluster.</summary>
    public bool IsEmbedded { get; } = embedded;

    /// <summary>A producer config; zstd because the embedded cluster keeps only ~5 MB per partition.</summary>
    public ProducerConfig ProducerConfig(bool idempotent)
    {
        var config = new ProducerConfig(With(options.ProducerProperties))
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
    public ConsumerConfig ConsumerConfig(string groupId) => new(With(options.ConsumerProperties))
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };

    private Dictionary<string, string> With(IReadOnlyDictionary<string, string> role)
    {
        var values = Properties.ToDictionary();
        foreach (var (key, value) in role)
        {
            values[key] = value;
        }

        return values;
    }
}
