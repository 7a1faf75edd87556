using Kickstarter.Grains.Serialization;

namespace Kickstarter.Silo.Configuration;

/// <summary>Kafka connection and record formats (section <c>Kafka</c>).</summary>
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

    /// <summary>librdkafka properties for consumers only, applied after <see cref="Properties"/>; default: none.</summary>
    public Dictionary<string, string> ConsumerProperties { get; set; } = [];

    /// <summary>librdkafka properties for producers only, applied after <see cref="Properties"/>; default: none.</summary>
    public Dictionary<string, string> ProducerProperties { get; set; } = [];

    /// <summary>Record format of every topic without an override (Avro or Json); default: Avro.</summary>
    public RecordFormat Format { get; set; } = RecordFormat.Avro;

    /// <summary>Per-topic record formats (<c>Kafka:TopicFormats:airline.flight=Json</c>); default: none.</summary>
    public Dictionary<string, RecordFormat> TopicFormats { get; set; } = [];

    public bool IsEmbedded => string.IsNullOrWhiteSpace(BootstrapServers);

    /// <summary>True when the default format or some topic's is Avro (a Schema Registry is needed).</summary>
    public bool AnyAvro => Format == RecordFormat.Avro || TopicFormats.Values.Any(format => format == RecordFormat.Avro);
}
