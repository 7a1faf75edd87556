namespace Kickstarter.Silo.Configuration;

/// <summary>Kafka connection (section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    /// <summary>Bootstrap servers of a real cluster; default: empty, which starts the embedded cluster in-process.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Partitions of each topic the silo creates; default: 8.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Brokers of the embedded cluster; default: 1.</summary>
    public int EmbeddedBrokers { get; set; } = 1;

    /// <summary>Extra librdkafka properties for every client (e.g. security.protocol); default: none.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    public bool IsEmbedded => string.IsNullOrWhiteSpace(BootstrapServers);
}
