using Confluent.Kafka;
using Kickstarter.Testing;

namespace Kickstarter.Connectors.Kafka.Tests;

/// <summary>Plain Confluent.Kafka clients and waiting helpers for tests.</summary>
internal static class KafkaTestClients
{
    public static IProducer<string, string> Producer(string bootstrap, string partitioner = "murmur2_random")
        => new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,
            Partitioner = partitioner == "murmur2_random" ? Partitioner.Murmur2Random : Partitioner.Consistent,
        }).SetLogHandler((_, _) => { }).Build();

    public static IProducer<byte[], byte[]> BytesProducer(string bootstrap)
        => new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All, LingerMs = 2 })
            .SetLogHandler((_, _) => { }).Build();

    /// <summary>Reads every record of <paramref name="topic"/> (all partitions) from the beginning until <paramref name="until"/> holds.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(
        string bootstrap, string topic, Func<List<ConsumeResult<byte[], byte[]>>, bool> until, TimeSpan? timeout = null, int? partitions = null)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).SetLogHandler((_, _) => { }).Build();
        var count = partitions ?? PartitionCount(bootstrap, topic);
        consumer.Assign(Enumerable.Range(0, count).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!until(records))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reading {topic}: condition not met with {records.Count} records.");
            }

            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is not null && !record.IsPartitionEOF)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public static int PartitionCount(string bootstrap, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).SetLogHandler((_, _) => { }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
    }

    // The one wait helper of the tests (Kickstarter.Testing's Eventually), under the names these tests use.
    public static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Eventually.Until(condition, timeout ?? DefaultTimeout, what);

    public static Task WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.Until(condition, timeout ?? DefaultTimeout, what);

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
}
