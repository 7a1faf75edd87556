using System.Globalization;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Serialization;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// A TestCluster running the whole pipeline against an embedded Kafka cluster that lives outside the silos, and a
/// temporary Iceberg warehouse. Records are JSON, or Avro through an embedded Schema Registry (also outside the silos).
/// </summary>
public sealed class PipelineCluster : IAsyncDisposable
{
    public const int Partitions = 4;

    private PipelineCluster(EmbeddedKafkaCluster kafka, string warehouse, EmbeddedSchemaRegistry? registry)
    {
        Kafka = kafka;
        Warehouse = warehouse;
        Registry = registry;
        Serdes = registry is null
            ? PipelineSerdes.Json
            : new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = registry.Url, AutoRegisterSchemas = true });
    }

    public EmbeddedKafkaCluster Kafka { get; }

    /// <summary>The Schema Registry of an Avro pipeline, or null for JSON.</summary>
    public EmbeddedSchemaRegistry? Registry { get; }

    /// <summary>Serdes of the pipeline's format, for the test's input and checks.</summary>
    public PipelineSerdes Serdes { get; }
    public string Warehouse { get; }
    public TestCluster Cluster { get; private set; } = null!;
    public IndependentIcebergReader Iceberg => new(Warehouse);

    /// <summary>Starts Kafka (topics created) and the warehouse; call <see cref="StartSilosAsync"/> after loading input.</summary>
    public static PipelineCluster CreateInfrastructure(int brokers = 1, RecordFormat format = RecordFormat.Json)
    {
        var kafka = EmbeddedKafkaCluster.Start(brokers);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, Partitions, Math.Min(brokers, 3));
        }

        var warehouse = Path.Combine(Path.GetTempPath(), "kickstarter-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(warehouse);
        var registry = format == RecordFormat.Avro ? EmbeddedSchemaRegistry.StartAsync().GetAwaiter().GetResult() : null;
        return new PipelineCluster(kafka, warehouse, registry);
    }

    /// <summary>Settings for grain state on DynamoDB at <paramref name="serviceUrl"/> in a table of the test's <paramref name="name"/>.</summary>
    public static Dictionary<string, string?> DynamoDbState(string serviceUrl, string name) => new()
    {
        ["Storage:Provider"] = "DynamoDB",
        ["Storage:DynamoDB:ServiceUrl"] = serviceUrl,
        ["Storage:DynamoDB:AccessKey"] = name,
        ["Storage:DynamoDB:SecretKey"] = name + "-secret",
        ["Storage:DynamoDB:TableName"] = "Kickstarter" + char.ToUpperInvariant(name[0]) + name[1..],
    };

    public Task StartSilosAsync(int silos, TimeSpan commitInterval, IReadOnlyDictionary<string, string?>? extra = null) =>
        StartSilosAsync<PipelineSiloConfigurator>(silos, commitInterval, extra);

    /// <summary>Starts the silos configured by <typeparamref name="TConfigurator"/> (a test's variant of the pipeline silo).</summary>
    public async Task StartSilosAsync<TConfigurator>(int silos, TimeSpan commitInterval, IReadOnlyDictionary<string, string?>? extra = null)
        where TConfigurator : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = "kickstarter-it-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureHostConfiguration(c =>
        {
            c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
                ["Iceberg:Warehouse"] = Warehouse,
                ["Kafka:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
                ["Committer:CommitInterval"] = commitInterval.ToString("c", CultureInfo.InvariantCulture),
                ["Kafka:Format"] = Registry is null ? "Json" : "Avro",
                ["SchemaRegistry:Url"] = Registry?.Url ?? "",
                ["SchemaRegistry:AutoRegisterSchemas"] = "true",
            });
            if (extra is not null)
            {
                c.AddInMemoryCollection(extra);
            }
        });
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        Kafka.Dispose();
        if (Registry is not null)
        {
            Serdes.Dispose();
            await Registry.DisposeAsync();
        }

        try
        {
            Directory.Delete(Warehouse, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Configures each test silo as the Silo configures itself: the same grain storage call and the same
/// <c>AddKickstarterJobs</c> call, reading the same keys (<c>Kafka:*</c>, <c>Iceberg:Warehouse</c>, <c>Committer:*</c>)
/// from the host configuration the fixture wrote.
/// </summary>
public sealed class PipelineSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        Kickstarter.Silo.Hosting.SiloSetup.AddPipelineStorage(siloBuilder, siloBuilder.Configuration);
        siloBuilder.AddKickstarterJobs(siloBuilder.Configuration);
    }
}
