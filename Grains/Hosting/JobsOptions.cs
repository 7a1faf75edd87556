using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Grains.Serialization;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.Grains.Hosting;

/// <summary>
/// Where the jobs read from and write to, and which of them run on this silo. Read from the same configuration keys
/// the Silo documents (<c>Kafka:*</c>, <c>SchemaRegistry:*</c>, <c>Iceberg:Warehouse</c>, <c>Iceberg:Catalog:Type</c>,
/// <c>Kickstarter:Jobs</c>), by <see cref="FromConfiguration"/>, and checked by <see cref="JobsOptionsValidator"/> when the
/// host starts.
/// </summary>
public sealed class JobsOptions
{
    /// <summary>Kafka bootstrap servers (<c>Kafka:BootstrapServers</c>); required, default: none.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Extra librdkafka properties for every client the jobs make (<c>Kafka:Properties:*</c>); default: none.</summary>
    public Dictionary<string, string> KafkaProperties { get; set; } = [];

    /// <summary>librdkafka properties for consumers only, applied after <see cref="KafkaProperties"/> (<c>Kafka:ConsumerProperties:*</c>);
    /// default: none.</summary>
    public Dictionary<string, string> ConsumerProperties { get; set; } = [];

    /// <summary>librdkafka properties for producers only, applied after <see cref="KafkaProperties"/> (<c>Kafka:ProducerProperties:*</c>);
    /// default: none.</summary>
    public Dictionary<string, string> ProducerProperties { get; set; } = [];

    /// <summary>Record formats per topic and the Schema Registry (<c>Kafka:Format</c>, <c>SchemaRegistry:*</c>); default: Avro.</summary>
    public SerdesOptions Serdes { get; set; } = new();

    /// <summary>
    /// Partitions of each source topic (<c>Kafka:Partitions</c>) when they are known up front (the embedded cluster's
    /// topics, a test's); default: null, which reads the count from the topics' metadata, so every silo agrees on the
    /// queues whatever the setting says (on a real cluster the setting only sizes topics the silo creates).
    /// </summary>
    public int? Partitions { get; set; }

    /// <summary>
    /// Root of the Iceberg warehouse (<c>Iceberg:Warehouse</c>): a local path, file:///path or s3://bucket/prefix; the
    /// scheme picks the file IO, <c>Iceberg:Catalog:Type</c> the catalog. default: ./warehouse.
    /// </summary>
    public string Warehouse { get; set; } = "warehouse";

    /// <summary>
    /// Catalog of the warehouse's tables (<c>Iceberg:Catalog:Type</c>): Hadoop, DynamoDb or Rest; the catalog's own
    /// settings are the Iceberg connector's. default: Hadoop.
    /// </summary>
    public IcebergCatalogType CatalogType { get; set; } = IcebergCatalogType.Hadoop;

    /// <summary>
    /// Setting names of the jobs whose stream providers run on this silo (<c>Kickstarter:Jobs</c>, old name
    /// <c>Kickstarter:Apps</c>); default: empty, which means every job.
    /// </summary>
    public List<string> Jobs { get; set; } = [];

    /// <summary>Records one receiver hands out per poll (no setting); default: 5000.</summary>
    public int MaxRecordsPerPoll { get; set; } = 5000;

    /// <summary>
    /// What every consumer of the jobs is given: <see cref="KafkaProperties"/>, then <see cref="ConsumerProperties"/>,
    /// which win. The receivers and the committers' recovery consumer both take this (each then sets what it owns).
    /// </summary>
    public Dictionary<string, string> ConsumerClientProperties() => Merge(KafkaProperties, ConsumerProperties);

    /// <summary>What every producer of the jobs is given: <see cref="KafkaProperties"/>, then <see cref="ProducerProperties"/>.</summary>
    public Dictionary<string, string> ProducerClientProperties() => Merge(KafkaProperties, ProducerProperties);

    /// <summary>The options as the configuration sets them.</summary>
    public static JobsOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new JobsOptions();
        options.ReadFrom(configuration);
        return options;
    }

    /// <summary>
    /// Sets every property from the keys it documents (a key not set keeps the property's value). The keys span several
    /// sections, so the jobs' options are read here rather than bound from one section.
    /// </summary>
    internal void ReadFrom(IConfiguration configuration)
    {
        BootstrapServers = configuration["Kafka:BootstrapServers"] ?? BootstrapServers;
        KafkaProperties = configuration.GetSection("Kafka:Properties").Get<Dictionary<string, string>>() ?? [];
        ConsumerProperties = configuration.GetSection("Kafka:ConsumerProperties").Get<Dictionary<string, string>>() ?? [];
        ProducerProperties = configuration.GetSection("Kafka:ProducerProperties").Get<Dictionary<string, string>>() ?? [];
        Serdes = SerdesOptions.FromConfiguration(configuration);
        Partitions = configuration.GetValue<int?>("Kafka:Partitions");
        Warehouse = configuration[WarehouseLocation.Setting] ?? Warehouse;
        CatalogType = configuration.GetSection(IcebergCatalogOptions.SectionName)
            .GetValue(nameof(IcebergCatalogOptions.Type), CatalogType);
        Jobs = [.. JobSelection.Read(configuration)];
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string> shared, Dictionary<string, string> role)
    {
        var merged = new Dictionary<string, string>(shared, StringComparer.Ordinal);
        foreach (var (key, value) in role)
        {
            merged[key] = value;
        }

        return merged;
    }
}
