using System.Collections.Frozen;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Producing;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// One queue per topic-partition, in topic then partition order (<see cref="KafkaQueueBalancer"/> splits them between
/// silos in that order), also spread evenly over the consistent ring so Orleans' ring balancer could be used instead. A stream (namespace =
/// topic, key = record key) maps to the partition Kafka's default
/// partitioner chooses for that key, which is where its records are.
/// </summary>
internal sealed class KafkaQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] _queues;
    private readonly FrozenDictionary<QueueId, TopicPartition> _partitionsByQueue;
    private readonly FrozenDictionary<(string Topic, int Partition), QueueId> _queuesByPartition;
    private readonly FrozenDictionary<string, int> _partitionCounts;

    public KafkaQueueMapper(string providerName, IReadOnlyList<(string Topic, int Partitions)> topics)
    {
        var all = topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Topic, p))).ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("At least one topic-partition is needed.", nameof(topics));
        }

        const ulong ringSize = (ulong)uint.MaxValue + 1;
        var portion = ringSize / (ulong)all.Length;
        _queues = new QueueId[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            _queues[i] = QueueId.GetQueueId(providerName, (uint)i, checked((uint)(portion * (ulong)i)));
        }

        _partitionsByQueue = _queues.Select((q, i) => (q, all[i])).ToFrozenDictionary(x => x.q, x => x.Item2);
        _queuesByPartition = _queues.Select((q, i) => (q, all[i]))
            .ToFrozenDictionary(x => (x.Item2.Topic, x.Item2.Partition.Value), x => x.q);
        _partitionCounts = topics.ToFrozenDictionary(t => t.Topic, t => t.Partitions, StringComparer.Ordinal);
    }

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range)
        => _queues.Where(q => range.InRange(q.GetUniformHashCode())).ToList();

    public QueueId GetQueueForStream(StreamId streamId)
    {
        var topic = streamId.GetNamespace()
            ?? throw new ArgumentException($"Stream {streamId} has no namespace (topic).", nameof(streamId));
        if (!_partitionCounts.TryGetValue(topic, out var count))
        {
            throw new ArgumentException($"Stream namespace '{topic}' is not one of the provider's topics.", nameof(streamId));
        }

        return _queuesByPartition[(topic, KafkaPartitioner.Murmur2Partition(streamId.Key.Span, count))];
    }

    public TopicPartition PartitionOf(QueueId queue)
        => _partitionsByQueue.TryGetValue(queue, out var partition)
            ? partition
            : throw new ArgumentOutOfRangeException(nameof(queue), $"Queue {queue} is not a Kafka partition queue of this provider.");
}
