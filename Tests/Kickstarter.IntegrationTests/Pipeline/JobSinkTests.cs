using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Kickstarter.IntegrationTests.Infrastructure;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// The job sink against the embedded Kafka cluster and a temporary warehouse: the normal path commits from what
/// prepare handed over, and recovery rebuilds the same epoch from the staging files. Records are Avro, through the
/// embedded Schema Registry.
/// </summary>
public sealed class JobSinkTests : IDisposable
{
    private static readonly JobDefinition Job = JobSinkBuilder.Job;
    private readonly JobSinkBuilder _builder = new("kickstarter-sink-");
    private readonly EmbeddedSchemaRegistry _registry = EmbeddedSchemaRegistry.StartAsync().GetAwaiter().GetResult();
    private readonly PipelineSerdes _serdes;
    private readonly JobSink _sink;

    public JobSinkTests()
    {
        _serdes = new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = _registry.Url, AutoRegisterSchemas = true });
        _sink = _builder.Build(_serdes);
    }

    [Fact]
    public async Task CommitOnTheNormalPathReadsNothingBackFromStaging()
    {
        var prepared = await _sink.PrepareAsync(Job, 1, JobSinkBuilder.Outputs(), CancellationToken.None);
        // Anything the commit still needed from staging is gone now.
        Directory.Delete(Path.Combine(_builder.Warehouse, "_kickstarter", "staging"), recursive: true);

        await _sink.CommitAsync(Job, prepared, recovering: false, CancellationToken.None);
        await _sink.CleanupAsync(Job, prepared, CancellationToken.None);

        var iceberg = new IndependentIcebergReader(_builder.Warehouse);
        Assert.Equal(["CODEA", "CODEB"], iceberg.Rows(Tables.Flight).Select(row => (string)row["confirmation_code"]!).Order());
        Assert.Single(iceberg.Rows(Tables.SunsetAirline));
        var records = TopicReader.ReadAll(_builder.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(30));
        Assert.Equal(["a@email.com", "b@email.com"], records.Select(record => record.Key));
    }

    [Fact]
    public async Task RecoveryLoadsTheSameEpochFromStaging()
    {
        var prepared = await _sink.PrepareAsync(Job, 7, JobSinkBuilder.Outputs(), CancellationToken.None);

        var loaded = await _sink.LoadAsync(Job, prepared.Pending, CancellationToken.None);

        Assert.Equal(prepared.Pending, loaded.Pending);
        Assert.Equal(
            prepared.KafkaRecords.Select(record => (record.Topic, record.Key, Convert.ToBase64String(record.Value), record.TimestampMs)),
            loaded.KafkaRecords.Select(record => (record.Topic, record.Key, Convert.ToBase64String(record.Value), record.TimestampMs)));
        Assert.Equal(
            prepared.Manifest.Tables.SelectMany(table => table.Value.Select(file => file.FilePath)).Order(),
            loaded.Manifest.Tables.SelectMany(table => table.Value.Select(file => file.FilePath)).Order());

        await _sink.CommitAsync(Job, loaded, recovering: true, CancellationToken.None);
        Assert.Equal(2, new IndependentIcebergReader(_builder.Warehouse).Rows(Tables.Flight).Count);
    }

    public void Dispose()
    {
        _sink.Dispose();
        _serdes.Dispose();
        _registry.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _builder.Dispose();
    }
}
