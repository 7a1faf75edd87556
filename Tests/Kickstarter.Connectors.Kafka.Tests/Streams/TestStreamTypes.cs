using System.Collections.Concurrent;
using System.Text;
using Kickstarter.Connectors.Kafka.Streams;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

/// <summary>Topics of the stream provider tests: each test owns one.</summary>
public static class TestTopics
{
    public const string Provider = "kafka";
    public const string Order = "t.order";
    public const string Malformed = "t.malformed";
    public const string Barrier = "t.barrier";
    public const string Rewind = "t.rewind";
    public const string Dedup = "t.dedup";
    public const string Checkpoint = "t.checkpoint";
    public const string DeadLetters = "t.dlq";
    public const string Poison = "t.poison";

    public static readonly (string Topic, int Partitions)[] All =
        [(Order, 4), (Malformed, 2), (Barrier, 4), (Rewind, 2), (Dedup, 2), (Checkpoint, 2), (Poison, 1)];
}

/// <summary>The event the test deserializer makes of a record.</summary>
[GenerateSerializer, Immutable]
public sealed record TestEvent(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] string Key,
    [property: Id(4)] string Payload,
    [property: Id(5)] long TimestampMs,
    [property: Id(6)] string? RecordId);

/// <summary>UTF-8 payloads; anything starting with "bad" is malformed.</summary>
public sealed class TestDeserializer : IKafkaRecordDeserializer
{
    public KafkaDeserializeResult Deserialize(in KafkaRecordContext context)
    {
        var payload = Encoding.UTF8.GetString(context.Value.Span);
        if (payload.StartsWith("bad", StringComparison.Ordinal))
        {
            return KafkaDeserializeResult.Error($"payload '{payload}' is not valid");
        }

        var id = context.Headers.TryGetLastBytes(KafkaRecordId.HeaderName, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        return KafkaDeserializeResult.Event(new TestEvent(context.Topic, context.Partition, context.Offset, context.Key, payload, context.TimestampMs, id));
    }
}

/// <summary>Checkpoints the tests hand to receivers at start.</summary>
public sealed class TestCheckpointSource : IKafkaCheckpointSource
{
    public static readonly ConcurrentDictionary<(string Topic, int Partition), PartitionCheckpoint> Checkpoints = new();

    public Task<PartitionCheckpoint?> GetCheckpointAsync(string provider, string topic, int partition, CancellationToken cancellationToken)
        => Task.FromResult(provider == TestTopics.Provider && Checkpoints.TryGetValue((topic, partition), out var checkpoint) ? checkpoint : null);
}

/// <summary>One OnNextAsync call as the grain saw it.</summary>
public sealed record Delivery(string Topic, string Key, IReadOnlyList<TestEvent> Events);

/// <summary>What the grains received (silos run in the test process).</summary>
public static class DeliveryLog
{
    private static readonly ConcurrentQueue<Delivery> Deliveries = new();

    public static void Record(Delivery delivery) => Deliveries.Enqueue(delivery);

    public static List<Delivery> Of(string topic) => Deliveries.Where(d => d.Topic == topic).ToList();

    public static List<TestEvent> EventsOf(string topic) => Of(topic).SelectMany(d => d.Events).ToList();
}

public interface IRecorderGrain : IGrainWithStringKey
{
}

/// <summary>Implicitly subscribed to every test topic; records each batch delivery.</summary>
[ImplicitStreamSubscription(TestTopics.Order)]
[ImplicitStreamSubscription(TestTopics.Malformed)]
[ImplicitStreamSubscription(TestTopics.Barrier)]
[ImplicitStreamSubscription(TestTopics.Rewind)]
[ImplicitStreamSubscription(TestTopics.Dedup)]
[ImplicitStreamSubscription(TestTopics.Checkpoint)]
[ImplicitStreamSubscription(TestTopics.Poison)]
[ImplicitStreamSubscription(TwoSiloTests.Topic)]
public sealed class RecorderGrain : Grain, IRecorderGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var topic = handleFactory.StreamId.GetNamespace()!;
        var key = handleFactory.StreamId.GetKeyAsString();
        await handleFactory.Create<TestEvent>().ResumeAsync(new Observer(topic, key));
    }

    private sealed class Observer(string topic, string key) : IAsyncBatchObserver<TestEvent>
    {
        public async Task OnNextAsync(IList<SequentialItem<TestEvent>> items)
        {
            if (topic == TestTopics.Barrier)
            {
                // Slow grains keep deliveries in flight when a barrier starts, which is what the drain must wait for.
                await Task.Delay(40);
            }

            if (items.Any(i => i.Item.Payload == "poison"))
            {
                throw new InvalidOperationException("this grain cannot handle a poison record");
            }

            foreach (var item in items)
            {
                // The sequence token carries the record offset.
                Assert.Equal(item.Item.Offset, item.Token.SequenceNumber);
            }

            DeliveryLog.Record(new Delivery(topic, key, items.Select(i => i.Item).ToList()));
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
