using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Testing.Logging;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

public sealed class TransactionalBatchProducerTests : IDisposable
{
    private const string Topic = "out.flight";
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(brokerCount: 3);

    public TransactionalBatchProducerTests() => _cluster.CreateTopic(Topic, partitions: 4, replicationFactor: 3);

    public void Dispose() => _cluster.Dispose();

    private TransactionalBatchProducer NewProducer(string transactionalId = "committer-1") => new(new TransactionalBatchProducerOptions
    {
        BootstrapServers = _cluster.BootstrapServers,
        TransactionalId = transactionalId,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetries = 5,
        OperationTimeout = TimeSpan.FromSeconds(15),
    });

    private static List<OutputRecord> Records(int count)
        => Enumerable.Range(0, count)
            .Select(i => new OutputRecord(Topic, $"SUN{i % 13}", Encoding.UTF8.GetBytes($"row-{i}"), 1_700_000_000_000 + i))
            .ToList();

    private static string IdOf(ConsumeResult<byte[], byte[]> record)
        => Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(KafkaRecordId.HeaderName));

    [Fact]
    public async Task ACommittedEpochIsRecognisedAndALaterOneIsNot()
    {
        using var producer = NewProducer();
        await producer.InitializeAsync(CancellationToken.None);
        var input = Records(40);
        Assert.False(await producer.IsEpochCommittedAsync("flights", 3, input, CancellationToken.None));
        await producer.ProduceEpochAsync("flights", 3, input, CancellationToken.None);
        Assert.True(await producer.IsEpochCommittedAsync("flights", 3, input, CancellationToken.None));
        Assert.False(await producer.IsEpochCommittedAsync("flights", 4, input, CancellationToken.None));
        // More records in the same epoch than were produced: the last one is missing, so not committed.
        Assert.False(await producer.IsEpochCommittedAsync("flights", 3, Records(80), CancellationToken.None));
        Assert.False(await producer.IsEpochCommittedAsync("other-committer", 3, input, CancellationToken.None));
    }

    [Fact]
    public async Task EachRecordGetsItsMurmur2PartitionAPerPartitionSequenceAndItsTimestamp()
    {
        using var producer = NewProducer();
        await producer.InitializeAsync(CancellationToken.None);
        var input = Records(100);
        await producer.ProduceEpochAsync("flights", 7, input, CancellationToken.None);

        var read = KafkaTestClients.ReadAll(_cluster.BootstrapServers, Topic, r => r.Count >= input.Count);
        var expectedSequence = new Dictionary<int, long>();
        var byValue = read.ToDictionary(r => Encoding.UTF8.GetString(r.Message.Value));
        foreach (var record in input)
        {
            var partition = KafkaPartitioner.Murmur2Partition(Encoding.UTF8.GetBytes(record.Key), 4);
            var sequence = expectedSequence[partition] = expectedSequence.GetValueOrDefault(partition) + 1;
            var stored = byValue[Encoding.UTF8.GetString(record.Value)];
            Assert.Equal(partition, stored.Partition.Value);
            Assert.Equal($"flights/7/{sequence}", IdOf(stored));
            Assert.Equal(record.TimestampMs, stored.Message.Timestamp.UnixTimestampMs);
            Assert.Equal(record.Key, Encoding.UTF8.GetString(stored.Message.Key));
        }

        // Within a partition the sequence follows offset order.
        foreach (var partition in read.GroupBy(r => r.Partition.Value))
        {
            var sequences = partition.OrderBy(r => r.Offset.Value).Select(r => KafkaRecordId.Parse(IdOf(r)).Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        }
    }

    [Theory]
    [InlineData(ApiKeys.EndTxn, ErrorCode.UnknownProducerId)] // abortable: abort and redo
    [InlineData(ApiKeys.EndTxn, ErrorCode.InvalidTxnState)] // fatal: new producer, new InitTransactions, redo
    [InlineData(ApiKeys.Produce, ErrorCode.MsgSizeTooLarge)] // failed delivery inside the transaction: abort and redo
    [InlineData(ApiKeys.Produce, ErrorCode.OutOfOrderSequenceNumber)] // fatal idempotence error: new producer and redo
    public async Task ARedoneEpochRepeatsTheSameIdsWithTheSameContent(short apiKey, ErrorCode error)
    {
        using var producer = NewProducer();
        await producer.InitializeAsync(CancellationToken.None);
        var input = Records(60);
        _cluster.PushRequestErrors(apiKey, error);
        await producer.ProduceEpochAsync("flights", 3, input, CancellationToken.None);

        // The mock shows aborted attempts to read_committed readers; ids (unique per partition) make the copies recognisable.
        var read = KafkaTestClients.ReadAll(
            _cluster.BootstrapServers, Topic, r => r.Select(x => (x.Partition.Value, IdOf(x))).Distinct().Count() >= input.Count, TimeSpan.FromSeconds(20));
        var byId = read.GroupBy(x => (x.Partition.Value, IdOf(x))).ToList();
        Assert.Equal(input.Count, byId.Count);
        foreach (var copies in byId)
        {
            Assert.Single(
                copies.Select(
                c => (c.Partition.Value, Encoding.UTF8.GetString(c.Message.Key), Encoding.UTF8.GetString(c.Message.Value),
                c.Message.Timestamp.UnixTimestampMs)).Distinct());
        }
    }

    [Fact]
    public async Task AnEpochThatKeepsFailingEndsInAClearException()
    {
        using var producer = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = "committer-doomed",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetries = 1,
        });
        await producer.InitializeAsync(CancellationToken.None);
        _cluster.PushRequestErrors(ApiKeys.Produce, Enumerable.Repeat(ErrorCode.MsgSizeTooLarge, 50).ToArray());

        var failure = await Assert.ThrowsAsync<EpochProduceException>(() => producer.ProduceEpochAsync("flights", 1, Records(5), CancellationToken.None));

        _cluster.ClearRequestErrors(ApiKeys.Produce);
        Assert.Contains("failed 2 times (TransactionalBatchProducerOptions.MaxRetries=1); last error", failure.Message);
        Assert.False(failure.Fenced);
    }

    [Fact]
    public async Task ARetryIsLoggedWithItsAttemptAndDelayAndTheRedoneEpochCommits()
    {
        var logger = new RecordingLogger<TransactionalBatchProducer>();
        using var producer = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = "committer-logged",
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            OperationTimeout = TimeSpan.FromSeconds(15),
        }, logger);
        await producer.InitializeAsync(CancellationToken.None);
        _cluster.PushRequestErrors(ApiKeys.EndTxn, ErrorCode.UnknownProducerId);

        await producer.ProduceEpochAsync("flights", 1, Records(5), CancellationToken.None);

        var retry = Assert.Single(logger.Entries, e => e.EventId == 3101);
        Assert.Contains("on attempt 1 of 6 (UnknownProducerId", retry.Message);
        Assert.Matches(@"retrying in \d+(\.\d+)? ms", retry.Message);
        Assert.Contains(logger.Entries, e => e.EventId == 3100 && e.Message.Contains("attempt 2"));
        Assert.True(await producer.IsEpochCommittedAsync("flights", 1, Records(5), CancellationToken.None));
    }

    [Fact]
    public async Task NoRetriesMeansTheFirstFailureGivesUp()
    {
        var logger = new RecordingLogger<TransactionalBatchProducer>();
        using var producer = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = "committer-once",
            MaxRetries = 0,
        }, logger);
        await producer.InitializeAsync(CancellationToken.None);
        _cluster.PushRequestErrors(ApiKeys.Produce, Enumerable.Repeat(ErrorCode.MsgSizeTooLarge, 50).ToArray());

        var failure = await Assert.ThrowsAsync<EpochProduceException>(() => producer.ProduceEpochAsync("flights", 1, Records(5), CancellationToken.None));

        _cluster.ClearRequestErrors(ApiKeys.Produce);
        Assert.Contains("failed 1 time (TransactionalBatchProducerOptions.MaxRetries=0); last error", failure.Message);
        Assert.DoesNotContain(logger.Entries, e => e.EventId == 3101);
    }

    /// <summary>Keeps every entry (event id and text) the producer logs.</summary>
    [Fact]
    public async Task AFencedProducerStopsWithoutRetrying()
    {
        // librdkafka's mock does not fence an older instance when a newer one runs InitTransactions (checked with
        // 2.16.0), so the broker's fencing answer is injected: this is what an older instance gets from a real broker.
        using var older = NewProducer("committer-fence");
        await older.InitializeAsync(CancellationToken.None);
        await older.ProduceEpochAsync("flights", 1, Records(5), CancellationToken.None);
        _cluster.PushRequestErrors(ApiKeys.EndTxn, ErrorCode.ProducerFenced, ErrorCode.ProducerFenced);

        var fenced = await Assert.ThrowsAsync<EpochProduceException>(() => older.ProduceEpochAsync("flights", 2, Records(5), CancellationToken.None));

        Assert.True(fenced.Fenced);
        Assert.Contains("fenced", fenced.Message);
        using var newer = NewProducer("committer-fence");
        await newer.InitializeAsync(CancellationToken.None);
        _cluster.ClearRequestErrors(ApiKeys.EndTxn);
        await newer.ProduceEpochAsync("flights", 2, Records(5), CancellationToken.None);
        // The fenced attempt's records stay visible on the mock (no aborted-transaction markers): 5 + 5 copies, 5 ids.
        var read = KafkaTestClients.ReadAll(
            _cluster.BootstrapServers, Topic, r => r.Count(x => IdOf(x).StartsWith("flights/2/", StringComparison.Ordinal)) >= 10);
        Assert.Equal(
            5, read.Where(x => IdOf(x).StartsWith("flights/2/", StringComparison.Ordinal)).Select(x => (x.Partition.Value, IdOf(x)))
            .Distinct().Count());
    }

    [Fact]
    public async Task SameInputGivesTheSamePlan()
    {
        using var first = NewProducer("committer-a");
        using var second = NewProducer("committer-b");
        await first.InitializeAsync(CancellationToken.None);
        await second.InitializeAsync(CancellationToken.None);
        var input = Records(40);
        await first.ProduceEpochAsync("same", 1, input, CancellationToken.None);
        await second.ProduceEpochAsync("same", 1, input, CancellationToken.None);

        var read = KafkaTestClients.ReadAll(_cluster.BootstrapServers, Topic, r => r.Count >= 80);
        foreach (var copies in read.GroupBy(x => (x.Partition.Value, IdOf(x))))
        {
            Assert.Equal(2, copies.Count());
            Assert.Single(copies.Select(c => Encoding.UTF8.GetString(c.Message.Value)).Distinct());
        }
    }
}
