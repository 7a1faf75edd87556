using Confluent.Kafka;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Serialization;
using Kickstarter.Grains.Sinks;
using Kickstarter.IntegrationTests.Infrastructure;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// One failure in the sink must cost one attempt, not the silo: a table creation the warehouse refused once, a
/// producer whose InitTransactions Kafka refused once, and a fenced producer all work at the next attempt (they used
/// to stay cached, failing every later epoch of that silo).
/// </summary>
public sealed class SinkFaultTests : IDisposable
{
    private static readonly JobDefinition Job = JobSinkBuilder.Job;
    private readonly JobSinkBuilder _builder = new("kickstarter-sink-faults-");

    [Fact]
    public async Task ATableCreationTheWarehouseRefusedIsTriedAgainAtTheNextEpoch()
    {
        var io = new FailingFileIO(new LocalFileIO(), "/metadata/", failures: 1);
        var location = WarehouseLocation.ToLocation(_builder.Warehouse);
        using var sink = _builder.Build(PipelineSerdes.Json, new JobWarehouse(new HadoopCatalog(io, location), io, location));

        var refused = await Assert.ThrowsAsync<IOException>(
            () => sink.PrepareAsync(Job, 1, JobSinkBuilder.Outputs(), CancellationToken.None));
        Assert.Contains("injected", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, io.Refused);

        // Epoch 1 is abandoned; the next epoch hands the same rows again, and this time the table is created.
        var prepared = await sink.PrepareAsync(Job, 2, JobSinkBuilder.Outputs(), CancellationToken.None);
        await sink.CommitAsync(Job, prepared, recovering: false, CancellationToken.None);

        var iceberg = new IndependentIcebergReader(_builder.Warehouse);
        Assert.Equal(["CODEA", "CODEB"], iceberg.Rows(Tables.Flight).Select(row => (string)row["confirmation_code"]!).Order());
        Assert.Single(iceberg.Rows(Tables.SunsetAirline));
    }

    [Fact]
    public async Task AProducerWhoseInitTransactionsKafkaRefusedIsMadeAgainAtTheNextAttempt()
    {
        using var sink = _builder.Build(PipelineSerdes.Json);
        var first = await sink.PrepareAsync(Job, 1, JobSinkBuilder.Outputs(), CancellationToken.None);

        // The broker refuses the producer's first InitProducerId with a non-retriable error: InitTransactions fails.
        _builder.Kafka.PushRequestErrors(ApiKeys.InitProducerId, ErrorCode.TransactionalIdAuthorizationFailed);
        var refused = await Assert.ThrowsAsync<KafkaException>(
            () => sink.CommitAsync(Job, first, recovering: false, CancellationToken.None));
        Assert.Equal(ErrorCode.TransactionalIdAuthorizationFailed, refused.Error.Code);

        // The committer commits the prepared epoch again (as recovery): a new producer is made, and the epoch lands once.
        await sink.CommitAsync(Job, first, recovering: true, CancellationToken.None);
        var second = await sink.PrepareAsync(Job, 2, JobSinkBuilder.Outputs(), CancellationToken.None);
        await sink.CommitAsync(Job, second, recovering: false, CancellationToken.None);

        var records = TopicReader.ReadAll(_builder.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(30));
        Assert.Equal(
            [$"{Job.Name}/1/1", $"{Job.Name}/1/2", $"{Job.Name}/2/1", $"{Job.Name}/2/2"],
            records.Select(record => record.Headers["kickstarter-id"]).Order(StringComparer.Ordinal));
        Assert.Equal(["CODEA", "CODEA", "CODEB", "CODEB"],
            new IndependentIcebergReader(_builder.Warehouse).Rows(Tables.Flight).Select(row => (string)row["confirmation_code"]!).Order());
    }

    [Fact]
    public async Task AFencedProducerIsReplacedAtTheNextAttempt()
    {
        using var sink = _builder.Build(PipelineSerdes.Json);
        var first = await sink.PrepareAsync(Job, 1, JobSinkBuilder.Outputs(), CancellationToken.None);
        await sink.CommitAsync(Job, first, recovering: false, CancellationToken.None);

        // The broker's answer to an instance a newer one with the same transactional.id has fenced (injected: the mock
        // cluster does not fence by itself). A fenced producer stays fenced: it used to fail every later epoch.
        _builder.Kafka.PushRequestErrors(ApiKeys.EndTxn, ErrorCode.ProducerFenced, ErrorCode.ProducerFenced);
        var second = await sink.PrepareAsync(Job, 2, JobSinkBuilder.Outputs(), CancellationToken.None);
        var fenced = await Assert.ThrowsAsync<EpochProduceException>(
            () => sink.CommitAsync(Job, second, recovering: false, CancellationToken.None));
        Assert.True(fenced.Fenced);
        _builder.Kafka.ClearRequestErrors(ApiKeys.EndTxn);

        // The committer commits the prepared epoch again: a new producer (a new InitTransactions) produces it.
        await sink.CommitAsync(Job, second, recovering: false, CancellationToken.None);

        // The fenced attempt's records stay visible on the mock (no abort markers): copies of an id must be identical.
        var records = TopicReader.ReadAll(_builder.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromSeconds(30));
        var ids = records.GroupBy(record => record.Headers["kickstarter-id"]).ToList();
        Assert.All(ids, copies => Assert.Single(copies.Select(record => record.Value).Distinct()));
        Assert.Equal(
            [$"{Job.Name}/1/1", $"{Job.Name}/1/2", $"{Job.Name}/2/1", $"{Job.Name}/2/2"],
            ids.Select(copies => copies.Key).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _builder.Dispose();
}
