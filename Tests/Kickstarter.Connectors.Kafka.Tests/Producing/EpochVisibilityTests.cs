using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

/// <summary>
/// Recognising an epoch already in Kafka, when more than a few dozen records follow it, and a commit that landed
/// although the client was told it timed out. librdkafka's mock cluster shows aborted records to read_committed
/// consumers, so the aborted records here are visible to the check: they are records of the same producer that must
/// not be mistaken for the epoch's last record (a real broker would hide them as well).
/// </summary>
public sealed class EpochVisibilityTests : IDisposable
{
    private const string Topic = "out.visibility";
    private const int Partitions = 2;
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);

    public EpochVisibilityTests() => _cluster.CreateTopic(Topic, Partitions);

    public void Dispose() => _cluster.Dispose();

    private TransactionalBatchProducer NewProducer(TimeSpan? operationTimeout = null) => new(new TransactionalBatchProducerOptions
    {
        BootstrapServers = _cluster.BootstrapServers,
        TransactionalId = "committer-visibility",
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetries = 5,
        OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(15),
    });

    private static List<OutputRecord> Records(int count)
        => [.. Enumerable.Range(0, count).Select(i => new OutputRecord(Topic, $"flyer-{i % 17}", Encoding.UTF8.GetBytes($"row-{i}"), 1_700_000_000_000 + i))];

    /// <summary>
    /// A redo of <paramref name="epoch"/> that produced the first <paramref name="perPartition"/> records of each
    /// partition and was aborted (a crash in the middle of a recovery), from another transactional id.
    /// </summary>
    private void ProduceAbortedPartialRedo(string producerName, long epoch, int perPartition)
    {
        using var zombie = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = "zombie-" + Guid.NewGuid().ToString("N"),
        }).Build();
        zombie.InitTransactions(TimeSpan.FromSeconds(15));
        zombie.BeginTransaction();
        for (var partition = 0; partition < Partitions; partition++)
        {
            for (var sequence = 1; sequence <= perPartition; sequence++)
            {
                var id = new KafkaRecordId(producerName, epoch, sequence);
                zombie.Produce(new TopicPartition(Topic, partition), new Message<byte[], byte[]>
                {
                    Key = Encoding.UTF8.GetBytes("aborted"),
                    Value = Encoding.UTF8.GetBytes($"aborted-{sequence}"),
                    Headers = new Headers { { KafkaRecordId.HeaderName, id.ToHeaderValue() } },
                });
            }
        }

        zombie.Flush(TimeSpan.FromSeconds(15));
        zombie.AbortTransaction(TimeSpan.FromSeconds(15));
    }

    /// <summary>Every record id in the topic as "partition:id" (ids are unique per partition), read up to each partition's end offset (the
    /// mock shows aborted records too).</summary>
    private List<string> ReadIdsToEnd()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        var ids = new List<string>();
        for (var partition = 0; partition < Partitions; partition++)
        {
            var topicPartition = new TopicPartition(Topic, partition);
            var end = consumer.QueryWatermarkOffsets(topicPartition, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign(new TopicPartitionOffset(topicPartition, Offset.Beginning));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (consumer.Position(topicPartition) is var position && (position == Offset.Unset || position.Value < end))
            {
                Assert.True(DateTime.UtcNow < deadline, $"{Topic}/{partition} not read to offset {end}");
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: { } message })
                {
                    ids.Add($"{partition}:{Encoding.UTF8.GetString(message.Headers.GetLastBytes(KafkaRecordId.HeaderName))}");
                }
            }

            consumer.Unassign();
        }

        return ids;
    }

    [Fact]
    public async Task CommittedEpochFollowedByMoreThan64AbortedRecordsIsRecognised()
    {
        using var producer = NewProducer();
        await producer.InitializeAsync(CancellationToken.None);
        var epoch = Records(400); // about 200 per partition: the last record's sequence is far above 80
        await producer.ProduceEpochAsync("flights", 3, epoch, CancellationToken.None);
        ProduceAbortedPartialRedo("flights", 3, perPartition: 80);

        Assert.True(await producer.IsEpochCommittedAsync("flights", 3, epoch, CancellationToken.None));
    }

    [Fact]
    public async Task EpochWhoseOnlyAttemptAbortedPartwayIsNotRecognised()
    {
        using var producer = NewProducer();
        await producer.InitializeAsync(CancellationToken.None);
        await producer.ProduceEpochAsync("flights", 3, Records(400), CancellationToken.None);
        ProduceAbortedPartialRedo("flights", 4, perPartition: 150);

        // Epoch 4's last records are missing behind 300 aborted ones: the search walks back to epoch 3 and stops there.
        Assert.False(await producer.IsEpochCommittedAsync("flights", 4, Records(400), CancellationToken.None));
    }

    [Fact]
    public async Task CommitThatLandsButReportsATimeoutIsNotProducedAgain()
    {
        using var producer = NewProducer(operationTimeout: TimeSpan.FromSeconds(2));
        await producer.InitializeAsync(CancellationToken.None);
        var epoch = Records(60);
        // The broker ends the transaction at once but answers 5 s later; the client gives up waiting after 2 s.
        _cluster.DelayNextResponse(brokerId: 1, ApiKeys.EndTxn, TimeSpan.FromSeconds(5));

        await producer.ProduceEpochAsync("flights", 9, epoch, CancellationToken.None);

        var ids = ReadIdsToEnd();
        Assert.Equal(epoch.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(await producer.IsEpochCommittedAsync("flights", 9, epoch, CancellationToken.None));
    }
}
