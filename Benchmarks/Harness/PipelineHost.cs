using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>
/// One in-process silo running both jobs of the pipeline, configured as the product's silo configures itself
/// (memory grain storage, AddKickstarterJobs with the Silo's configuration keys, committers started with their timer at CommitInterval).
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly int _partitions;

    private PipelineHost(IHost host, int partitions)
    {
        _host = host;
        _partitions = partitions;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<PipelineHost> StartAsync(
        BenchKafka kafka, string warehouse, BenchSettings settings, TimeSpan? collectionAge = null)
    {
        if (settings.ParquetCodec is { } codec)
        {
            await PreCreateTablesAsync(warehouse, codec);
        }

        var host = Host.CreateDefaultBuilder([])
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
                silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "kickstarter-bench", clusterId: clusterId);
                silo.AddMemoryGrainStorage(ProviderNames.PipelineStorage);
                if (settings.StorageSerializer == "orleans")
                {
                    // As SiloSetup does for DynamoDB: Orleans' binary codecs instead of the Newtonsoft JSON default.
                    silo.Services.AddOptions<MemoryGrainStorageOptions>(ProviderNames.PipelineStorage)
                        .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
                }
                silo.AddKickstarterJobs(JobsConfiguration(kafka, warehouse, settings));
                // A final epoch over hundreds of thousands of grains (scale) outlasts the default 30 s response timeout
                // of the harness's own CommitNowAsync call; the product's JobDrainer has the same limit (docs/benchmarks.md).
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5));
                if (collectionAge is { } age)
                {
                    silo.Configure<GrainCollectionOptions>(o =>
                    {
                        o.CollectionQuantum = TimeSpan.FromSeconds(Math.Max(1, age.TotalSeconds / 6));
                        o.CollectionAge = age;
                    });
                }
            })
            .Build();
        await host.StartAsync();
        var pipeline = new PipelineHost(host, kafka.Partitions);
        foreach (var job in JobCatalog.All)
        {
            await pipeline.Grains.GetGrain<ICommitterGrain>(job.Name).StartAsync();
        }

        return pipeline;
    }

    /// <summary>
    /// Lets the committer's own timer run epochs at CommitInterval until an epoch finds every source partition read
    /// to its end (its next offset at least <paramref name="minimumNext"/>, a per-partition floor), then commits a final
    /// epoch that releases everything held for the watermark, as the product's bounded runs end. Returns the final status.
    /// </summary>
    /// <remarks>
    /// Not JobDrainer.DrainAsync: it waits for every partition's CaughtUp flag, which on a transactionally written
    /// source (the flight topic) is rarely set while its receivers poll (see docs/benchmarks.md); the offsets here are
    /// the same fact without that flag.
    /// </remarks>
    public async Task<CommitterStatus> WaitUntilCommittedAsync(
        JobDefinition job, IReadOnlyDictionary<(string Topic, int Partition), long> minimumNext, TimeSpan timeout)
    {
        var committer = Grains.GetGrain<ICommitterGrain>(job.Name);
        var deadline = DateTime.UtcNow + timeout;
        var expected = job.SourceTopics.Count * _partitions;
        var nextProgress = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var status = await committer.GetStatusAsync();
            var positions = status.Positions.Where(p => job.SourceTopics.Contains(p.Topic)).ToList();
            if (positions.Count >= expected &&
                positions.All(p => p.NextOffset >= minimumNext.GetValueOrDefault((p.Topic, p.Partition))))
            {
                break;
            }

            if (DateTime.UtcNow > nextProgress)
            {
                nextProgress = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                Console.WriteLine($"  {job.Name}: epoch {status.LastCompletedEpoch}, " +
                    $"{positions.Sum(p => p.NextOffset):N0} of {minimumNext.Values.Sum():N0} source records committed");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {job.Name} did not catch up within {timeout} " +
                    $"(committed {positions.Sum(p => p.NextOffset):N0} of {minimumNext.Values.Sum():N0}).");
            }

            await Task.Delay(50);
        }

        return await committer.CommitNowAsync(final: true);
    }

    /// <summary>Source records covered by the job's last completed epoch.</summary>
    public async Task<long> CommittedOffsetsAsync(JobDefinition job) =>
        (await Grains.GetGrain<ICommitterGrain>(job.Name).GetStatusAsync()).Positions
            .Where(position => job.SourceTopics.Contains(position.Topic))
            .Sum(position => position.NextOffset);

    /// <summary>Grain activations of the silo (all types).</summary>
    public async Task<int> ActivationCountAsync() =>
        await Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
        }
    }

    /// <summary>Creates the four tables as the sink would, plus the codec property; the sink then loads them.</summary>
    private static async Task PreCreateTablesAsync(string warehouse, string codec)
    {
        var catalog = new HadoopCatalog(new LocalFileIO(), Path.GetFullPath(warehouse));
        foreach (var table in JobCatalog.Tables)
        {
            var id = new TableIdentifier(Tables.Namespace.Split('.'), table.Name);
            var properties = new Dictionary<string, string> { [TableProperties.ParquetCompressionCodec] = codec };
            await catalog.CreateTableIfNotExistsAsync(id, table.Schema, table.Spec, properties, CancellationToken.None);
        }
    }

    /// <summary>The settings of the run under the keys the Silo reads (Kafka:*, Iceberg:Warehouse, Committer:*).</summary>
    private static IConfiguration JobsConfiguration(BenchKafka kafka, string warehouse, BenchSettings settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = kafka.Bootstrap,
            ["Kafka:Partitions"] = kafka.Partitions.ToString(CultureInfo.InvariantCulture),
            // JSON, as the recorded results were measured and as the bare loop compared against reads and writes.
            ["Kafka:Format"] = "Json",
            ["Iceberg:Warehouse"] = warehouse,
            ["Committer:CommitInterval"] = settings.CommitInterval.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in BenchKafka.SharedProducerProperties)
        {
            values[$"Kafka:Properties:{key}"] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
