using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>The embedded Kafka cluster of a benchmark run and the client settings every participant shares.</summary>
public sealed class BenchKafka : IDisposable
{
    /// <summary>
    /// Client properties for every producer of the run (pipeline sinks, bare loop, generator): zstd, because the mock
    /// broker keeps only ~5 MB per partition.
    /// </summary>
    public static readonly Dictionary<string, string> SharedProducerProperties = new(StringComparer.Ordinal)
    {
        ["compression.type"] = "zstd",
    };

    private readonly Lock _probeGate = new();
    private IConsumer<byte[], byte[]>? _probe;

    private BenchKafka(EmbeddedKafkaCluster cluster, int partitions)
    {
        Cluster = cluster;
        Partitions = partitions;
    }

    public EmbeddedKafkaCluster Cluster { get; }
    public int Partitions { get; }
    public string Bootstrap => Cluster.BootstrapServers;

    public static BenchKafka Start(int partitions) => new(EmbeddedKafkaCluster.Start(1), partitions);

    /// <summary>
    /// Creates the topics of <paramref name="set"/>: for the pipeline, every topic of the jobs (the dead-letter topic
    /// with one partition); for the bare loop, its four prefixed copies.
    /// </summary>
    public void Create(TopicSet set)
    {
        var topics = set == TopicSet.Pipeline ? JobCatalog.Topics : set.All;
        foreach (var topic in topics)
        {
            Cluster.CreateTopic(topic, topic == Topics.DeadLetter ? 1 : Partitions);
        }
    }

    /// <summary>The consumer settings the pipeline's receivers use (KafkaClientConfig's defaults), for the bare loop and probes.</summary>
    public ConsumerConfig ConsumerConfig(string group) => new(new Dictionary<string, string> { ["fetch.queue.backoff.ms"] = "10" })
    {
        BootstrapServers = Bootstrap,
        GroupId = group,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Error,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = false,
        FetchWaitMaxMs = 10,
        QueuedMinMessages = 100_000,
        QueuedMaxMessagesKbytes = 65_536,
    };

    public ProducerConfig ProducerConfig(string? transactionalId = null)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(SharedProducerProperties))
        {
            BootstrapServers = Bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        if (transactionalId is not null)
        {
            config.TransactionalId = transactionalId;
        }

        return config;
    }

    /// <summary>High watermark of every partition of <paramref name="topic"/>.</summary>
    public Dictionary<TopicPartition, long> EndOffsets(string topic)
    {
        lock (_probeGate)
        {
            _probe ??= new ConsumerBuilder<byte[], byte[]>(ConsumerConfig("watermark-probe")).Build();
            return Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p))
                .ToDictionary(tp => tp, tp => _probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        }
    }

    /// <summary>Sum of the high watermarks of <paramref name="topic"/>.</summary>
    public long EndOffsetSum(string topic) => EndOffsets(topic).Values.Sum();

    /// <summary>
    /// The next offset a reader must reach on each partition to have read everything now in <paramref name="topics"/>.
    /// A transactionally written partition ends with a commit marker no reader is handed, hence one less.
    /// </summary>
    public Dictionary<(string Topic, int Partition), long> ReadFloors(IEnumerable<string> topics, bool transactional) =>
        topics.SelectMany(EndOffsets).ToDictionary(
            kv => (kv.Key.Topic, kv.Key.Partition.Value),
            kv => transactional && kv.Value > 0 ? kv.Value - 1 : kv.Value);

    public void Dispose()
    {
        lock (_probeGate)
        {
            _probe?.Dispose();
            _probe = null;
        }

        Cluster.Dispose();
    }
}
