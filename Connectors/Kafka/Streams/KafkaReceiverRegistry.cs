using System.Collections.Concurrent;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// The receivers and queue caches of one provider on this silo, so the barrier can reach them. Remembers whether the
/// provider is paused so that a receiver started during a pause (a partition moving here) starts paused.
/// </summary>
internal sealed class KafkaReceiverRegistry
{
    private readonly ConcurrentDictionary<QueueId, KafkaPartitionReceiver> receivers = new();
    private readonly ConcurrentDictionary<QueueId, KafkaQueueCache> caches = new();
    private volatile bool paused;

    public bool IsPaused => paused;

    /// <summary>Adds a receiver; returns whether it must start paused.</summary>
    public bool Register(KafkaPartitionReceiver receiver)
    {
        receivers[receiver.QueueId] = receiver;
        return paused;
    }

    public void Unregister(KafkaPartitionReceiver receiver) => receivers.TryRemove(new KeyValuePair<QueueId, KafkaPartitionReceiver>(receiver.QueueId, receiver));

    public bool IsRegistered(KafkaPartitionReceiver receiver) => receivers.TryGetValue(receiver.QueueId, out var current) && ReferenceEquals(current, receiver);

    public void SetCache(QueueId queue, KafkaQueueCache cache) => caches[queue] = cache;

    public KafkaQueueCache? CacheOf(QueueId queue) => caches.TryGetValue(queue, out var cache) ? cache : null;

    public IReadOnlyList<KafkaPartitionReceiver> Receivers => [.. receivers.Values];

    public void SetPaused(bool value) => paused = value;
}
