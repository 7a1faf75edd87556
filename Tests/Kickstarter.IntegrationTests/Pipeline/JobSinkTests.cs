using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// The job sink against the embedded Kafka cluster and a temporary warehouse: the normal path commits from what
/// prepare handed over, and recovery rebuilds the same epoch from the staging files. Records are Avro, through the
/// embedded Schema Registry.
/// </summary>
public sealed class JobSinkTests : IDisposable
{
    private static readonly JobDefinition Job = ConsolidatorJob.Definition;
    private readonly EmbeddedKafkaCluster _kafka = EmbeddedKafkaCluster.Start(1);
    private readonly string _warehouse = Directory.CreateTempSubdirectory("kickstarter-sink-").FullName;
    private readonly EmbeddedSchemaRegistry _registry = EmbeddedSchemaRegistry.StartAsync().GetAwaiter().GetResult();
    private readonly PipelineSerdes _serdes;
    private readonly JobSink _sink;

    public JobSinkTests()
    {
        foreach (var topic in JobCatalog.Topics)
        {
            _kafka.CreateTopic(topic, 1);
        }

        var options = new JobsOptions { BootstrapServers = _kafka.BootstrapServers, Warehouse = _warehouse };
        _serdes = new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = _registry.Url, AutoRegisterSchemas = true });
        _sink = new JobSink(Options.Create(options), JobWarehouse.Local(_warehouse), _serdes, NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task CommitOnTheNormalPathReadsNothingBackFromStaging()
    {
        var prepared = await _sink.PrepareAsync(Job, 1, Outputs(), CancellationToken.None);
        // Anything the commit still needed from staging is gone now.
        Directory.Delete(Path.Combine(_warehouse, "_kickstarter", "staging"), recursive: true);

        await _sink.CommitAsync(Job, prepared, recovering: false, CancellationToken.None);
        await _sink.CleanupAsync(Job, prepared, CancellationToken.None);

        var iceberg = new IndependentIcebergReader(_warehouse);
        Assert.Equal(["CODEA", "CODEB"], iceberg.Rows(Tables.Flight).Select(row => (string)row["confirmation_code"]!).Order());
        Assert.Single(iceberg.Rows(Tables.SunsetAirline));
        var records = TopicReader.ReadAll(_kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(30));
        Assert.Equal(["a@email.com", "b@email.com"], records.Select(record => record.Key));
    }

    [Fact]
    public async Task RecoveryLoadsTheSameEpochFromStaging()
    {
        var prepared = await _sink.PrepareAsync(Job, 7, Outputs(), CancellationToken.None);

        var loaded = await _sink.LoadAsync(Job, prepared.Pending, CancellationToken.None);

        Assert.Equal(prepared.Pending, loaded.Pending);
        Assert.Equal(
            prepared.KafkaRecords.Select(record => (record.Topic, record.Key, Convert.ToBase64String(record.Value), record.TimestampMs)),
            loaded.KafkaRecords.Select(record => (record.Topic, record.Key, Convert.ToBase64String(record.Value), record.TimestampMs)));
        Assert.Equal(
            prepared.Manifest.Tables.SelectMany(table => table.Value.Select(file => file.FilePath)).Order(),
            loaded.Manifest.Tables.SelectMany(table => table.Value.Select(file => file.FilePath)).Order());

        await _sink.CommitAsync(Job, loaded, recovering: true, CancellationToken.None);
        Assert.Equal(2, new IndependentIcebergReader(_warehouse).Rows(Tables.Flight).Count);
    }

    internal static EpochOutputs Outputs()
    {
        var outputs = new EpochOutputs();
        ConsolidatorJob.Flights.AddTo(outputs, [Flight(2_000, "CODEB", "b@email.com"), Flight(1_000, "CODEA", "a@email.com")]);
        var booking = new AirlineBooking("a@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", 150,
            "SUN1", "CODEA", 500.00m, "AircraftABC", "agency@email.com");
        ConsolidatorJob.SunsetBookings.AddTo(outputs, [new Timed<AirlineBooking>(1_000, booking)]);
        return outputs;
    }

    private static Timed<Flight> Flight(long timestampMs, string confirmationCode, string email) =>
        new(timestampMs,
            new Flight(email, "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN1", confirmationCode, "Sunset"));

    public void Dispose()
    {
        _sink.Dispose();
        _serdes.Dispose();
        _registry.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _kafka.Dispose();
        Directory.Delete(_warehouse, recursive: true);
    }
}
