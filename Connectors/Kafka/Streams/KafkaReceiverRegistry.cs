using System.Collections.Concurrent;
using Confluent.Kafka;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// The receivers and queue caches of one provider on this silo, so the barrier can reach them. Remembers whether the
/// provider is paused so that a receiver started during a pause (a partition moving here) starts paused, and which
/// deliveries Orleans gave up on since the last rewind (a barrier must not count those records as delivered).
/// </summary>
internal sealed class KafkaReceiverRegistry
{
    private readonly ConcurrentDictionary<QueueId, KafkaPartitionReceiver> _receivers = new();
    private readonly ConcurrentDictionary<QueueId, KafkaQueueCache> _caches = new();
    private readonly ConcurrentDictionary<(string Topic, int Partition), DeliveryGiveUp> _givenUp = new();
    private volatile IReadOnlyList<(string Topic, int Partition)> _partitions = [];
    private volatile bool _paused;
    private long _deliveryFailures;

    public bool IsPaused => _paused;

    /// <summary>Adds a receiver; returns whether it must start paused.</summary>
    public bool Register(KafkaPartitionReceiver receiver)
    {
        _receivers[receiver.QueueId] = receiver;
        return _paused;
    }

    public void Unregister(KafkaPartitionReceiver receiver) =>
        _receivers.TryRemove(new KeyValuePair<QueueId, KafkaPartitionReceiver>(receiver.QueueId, receiver));

    public bool IsRegistered(KafkaPartitionReceiver receiver) =>
        _receivers.TryGetValue(receiver.QueueId, out var current) && ReferenceEquals(current, receiver);

    public void SetCache(QueueId queue, KafkaQueueCache cache) => _caches[queue] = cache;

    public KafkaQueueCache? CacheOf(QueueId queue) => _caches.TryGetValue(queue, out var cache) ? cache : null;

    public IReadOnlyList<KafkaPartitionReceiver> Receivers => [.. _receivers.Values];

    public void SetPaused(bool value) => _paused = value;

    /// <summary>Every partition of the provider's topics (all queues, on every silo); empty until the adapter exists.</summary>
    public IReadOnlyList<(string Topic, int Partition)> Partitions => _partitions;

    /// <summary>Set once the adapter knows the topics' partition counts.</summary>
    public void SetPartitions(IEnumerable<(string Topic, int Partition)> partitions) => _partitions = [.. partitions];

    /// <summary>Containers given up since the provider started on this silo (never reset; for tests and metrics).</summary>
    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    /// <summary>
    /// Remembers that a container of <paramref name="partition"/> starting at <paramref name="firstOffset"/> was given up.
    /// </summary>
    public void RecordGiveUp(TopicPartition partition, long firstOffset)
    {
        Interlocked.Increment(ref _deliveryFailures);
        _givenUp.AddOrUpdate(
            (partition.Topic, partition.Partition.Value),
            key => new DeliveryGiveUp(key.Topic, key.Partition, firstOffset, 1),
            (_, known) => known with { FirstOffset = Math.Min(known.FirstOffset, firstOffset), Count = known.Count + 1 });
    }

    /// <summary>Per partition, the deliveries given up since the last rewind.</summary>
    public IReadOnlyList<DeliveryGiveUp> GivenUp =>
        [.. _givenUp.Values.OrderBy(g => g.Topic, StringComparer.Ordinal).ThenBy(g => g.Partition)];

    /// <summary>A rewind goes back before every record given up: they will be delivered again.</summary>
    public void ClearGiveUps() => _givenUp.Clear();
}
