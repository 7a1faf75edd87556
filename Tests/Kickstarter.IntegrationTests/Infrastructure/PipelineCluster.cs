using System.Globalization;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Jobs;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// A TestCluster running the whole pipeline against an embedded Kafka cluster that lives outside the silos, and a
/// temporary Iceberg warehouse.
/// </summary>
public sealed class PipelineCluster : IAsyncDisposable
{
    public const int Partitions = 4;

    private PipelineCluster(EmbeddedKafkaCluster kafka, string warehouse)
    {
        Kafka = kafka;
        Warehouse = warehouse;
    }

    public EmbeddedKafkaCluster Kafka { get; }
    public string Warehouse { get; }
    public TestCluster Cluster { get; private set; } = null!;
    public IndependentIcebergReader Iceberg => new(Warehouse);

    /// <summary>Starts Kafka (topics created) and the warehouse; call <see cref="StartSilosAsync"/> after loading input.</summary>
    public static PipelineCluster CreateInfrastructure(int brokers = 1)
    {
        var kafka = EmbeddedKafkaCluster.Start(brokers);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, Partitions, Math.Min(brokers, 3));
        }

        var warehouse = Path.Combine(Path.GetTempPath(), "kickstarter-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(warehouse);
        return new PipelineCluster(kafka, warehouse);
    }

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
    public void Configure(ISiloBuilder silo)
    {
        Kickstarter.Silo.Hosting.SiloSetup.AddPipelineStorage(silo, silo.Configuration);
        silo.AddKickstarterJobs(silo.Configuration);
    }
}
