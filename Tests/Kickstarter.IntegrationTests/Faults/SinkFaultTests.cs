using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Sinks;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.IntegrationTests.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// One failure in the sink must cost one epoch, not the silo: a table creation the warehouse refused once, and a
/// producer fenced by another instance with the same transactional.id, both work again at the next attempt.
/// </summary>
public sealed class SinkFaultTests : IDisposable
{
    private static readonly JobDefinition Job = ConsolidatorJob.Definition;
    private readonly EmbeddedKafkaCluster _kafka = EmbeddedKafkaCluster.Start(1);
    private readonly string _warehouse = Directory.CreateTempSubdirectory("kickstarter-sink-faults-").FullName;
    private readonly JobsOptions _options;

    public SinkFaultTests()
    {
        foreach (var topic in JobCatalog.Topics)
        {
            _kafka.CreateTopic(topic, 1);
        }

        _options = new JobsOptions { BootstrapServers = _kafka.BootstrapServers, Warehouse = _warehouse };
    }

    [Fact]
    public async Task ATableCreationTheWarehouseRefusedIsTriedAgainAtTheNextEpoch()
    {
        var io = new FailingFileIO(new LocalFileIO(), "/metadata/", failures: 1);
        var location = WarehouseLocation.ToLocation(_warehouse);
        using var sink = new JobSink(Options.Create(_options), new JobWarehouse(new HadoopCatalog(io, location), io, location), NullLoggerFactory.Instance);

        var refused = await Assert.ThrowsAsync<IOException>(() => sink.PrepareAsync(Job, 1, JobSinkTests.Outputs(), CancellationToken.None));
        Assert.Contains("injected", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, io.Refused);

        // Epoch 1 is abandoned; the next epoch hands the same rows again, and this time the table is created.
        var prepared = await sink.PrepareAsync(Job, 2, JobSinkTests.Outputs(), CancellationToken.None);
        await sink.CommitAsync(Job, prepared, recovering: false, CancellationToken.None);

        var iceberg = new IndependentIcebergReader(_warehouse);
        Assert.Equal(["CODEA", "CODEB"], iceberg.Rows(Tables.Flight).Select(row => (string)row["confirmation_code"]!).Order());
        Assert.Single(iceberg.Rows(Tables.SunsetAirline));
    }

    [Fact]
    public async Task AFencedProducerIsReplacedAtTheNextAttempt()
    {
        using var sink = new JobSink(Options.Create(_options), JobWarehouse.Local(_warehouse), NullLoggerFactory.Instance);
        var first = await sink.PrepareAsync(Job, 1, JobSinkTests.Outputs(), CancellationToken.None);
        await sink.CommitAsync(Job, first, recovering: false, CancellationToken.None);

        // Another instance with the job's transactional.id (a second committer activation) fences the sink's producer.
        using (var other = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
               {
                   BootstrapServers = _kafka.BootstrapServers,
                   TransactionalId = $"kickstarter-{Job.Name}",
               }))
        {
            await other.InitializeAsync(CancellationToken.None);
        }

        var second = await sink.PrepareAsync(Job, 2, JobSinkTests.Outputs(), CancellationToken.None);
        var fenced = await Assert.ThrowsAsync<EpochProduceException>(() => sink.CommitAsync(Job, second, recovering: false, CancellationToken.None));
        Assert.True(fenced.Fenced);

        // The committer commits the prepared epoch again: a new producer (a new InitTransactions) produces it.
        await sink.CommitAsync(Job, second, recovering: false, CancellationToken.None);

        var records = TopicReader.ReadAll(_kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(30));
        var ids = records.GroupBy(record => record.Headers["kickstarter-id"]).ToList();
        Assert.All(ids, copies => Assert.Single(copies.Select(record => record.Value).Distinct()));
        Assert.Equal(
            [$"{Job.Name}/1/1", $"{Job.Name}/1/2", $"{Job.Name}/2/1", $"{Job.Name}/2/2"],
            ids.Select(copies => copies.Key).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        _kafka.Dispose();
        Directory.Delete(_warehouse, recursive: true);
    }
}
