using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Tests.Producing;

/// <summary>
/// Rotated SASL credentials and the transactional producer: the live producer is handed the pair at once, and is
/// re-created with it only at the start of its next epoch; every record stays exactly once. (The mock cluster speaks
/// PLAINTEXT, so what is checked is the pair librdkafka is given, not a broker's acceptance.)
/// </summary>
public sealed class TransactionalProducerRotationTests : IDisposable
{
    private const string Topic = "out.rotation";
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);

    public TransactionalProducerRotationTests() => _cluster.CreateTopic(Topic, partitions: 2);

    public void Dispose() => _cluster.Dispose();

    private static List<OutputRecord> Records(int epoch, int count)
        => Enumerable.Range(0, count)
            .Select(i => new OutputRecord(Topic, $"SUN{i % 7}", Encoding.UTF8.GetBytes($"e{epoch}-row-{i}"), 1_700_000_000_000 + i))
            .ToList();

    [Fact]
    public async Task RotatedCredentialsRecreateTheProducerAtTheNextEpochOnlyAndEachRecordIsWrittenOnce()
    {
        var credentials = new RotatingCredentials("KEY1", "secret-1");
        using var producer = new TransactionalBatchProducer(new TransactionalBatchProducerOptions
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = "rotating-committer",
            OperationTimeout = TimeSpan.FromSeconds(15),
            Credentials = credentials,
        });
        await producer.InitializeAsync(CancellationToken.None);
        await producer.ProduceEpochAsync("flights", 1, Records(1, 50), CancellationToken.None);
        Assert.Equal([(true, "KEY1")], credentials.Applied);
        Assert.Equal(1, credentials.TrackedClients);

        credentials.Rotate("KEY2", "secret-2");
        Assert.Equal(0, producer.CredentialRecreations); // nothing is re-created between epochs by the rotation itself

        await producer.ProduceEpochAsync("flights", 2, Records(2, 50), CancellationToken.None);
        Assert.Equal(1, producer.CredentialRecreations);
        Assert.Equal([(true, "KEY1"), (true, "KEY2")], credentials.Applied);
        Assert.Equal(1, credentials.TrackedClients); // the old producer is no longer handed pairs

        await producer.ProduceEpochAsync("flights", 3, Records(3, 50), CancellationToken.None);
        Assert.Equal(1, producer.CredentialRecreations); // same generation: no re-creation

        // Recovery's consumer is built with the current pair too.
        Assert.True(await producer.IsEpochCommittedAsync("flights", 3, Records(3, 50), CancellationToken.None));
        Assert.Equal((false, "KEY2"), credentials.Applied[^1]);

        // Exactly once: the mock shows aborted records to read_committed consumers too, so an epoch aborted by the
        // switch would appear twice here.
        var read = ReadToTheEnd();
        Assert.Equal(150, read.Count);
        var ids = read.Select(r => (r.Partition.Value, Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(KafkaRecordId.HeaderName))));
        Assert.Equal(150, ids.Distinct().Count());
        Assert.Equal(
            Enumerable.Range(1, 3).SelectMany(epoch => Records(epoch, 50))
                .Select(r => Encoding.UTF8.GetString(r.Value)).Order(StringComparer.Ordinal),
            read.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order(StringComparer.Ordinal));
    }

    /// <summary>Every record up to each partition's end offset as it is now, so a copy past the expected count shows up.</summary>
    private List<ConsumeResult<byte[], byte[]>> ReadToTheEnd()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "rotation-reader",
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, 2).Select(p => new TopicPartition(Topic, p)).ToList();
        var ends = partitions.ToDictionary(
            p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (partitions.Any(p => ends[p.Partition.Value] > 0 && consumer.Position(p).Value < ends[p.Partition.Value]))
        {
            Assert.True(DateTime.UtcNow < deadline, $"reading {Topic} to its end offsets timed out with {records.Count} records");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
