using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

[Collection(StreamCollection.Name)]
public sealed class DeliveryTests(StreamClusterFixture fixture)
{
    [Fact]
    public async Task EveryRecordIsDeliveredOnceInOffsetOrderPerKeyAndGroupedByKey()
    {
        const int keys = 20, perKey = 100;
        using (var producer = KafkaTestClients.Producer(fixture.Bootstrap))
        {
            for (var n = 0; n < perKey; n++)
            {
                for (var k = 0; k < keys; k++)
                {
                    producer.Produce(TestTopics.Order, new Message<string, string> { Key = $"FL{k}", Value = $"{n}" });
                }
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Order).Count >= keys * perKey, "all records are delivered");

        var deliveries = DeliveryLog.Of(TestTopics.Order);
        var events = deliveries.SelectMany(d => d.Events).ToList();
        Assert.Equal(keys * perKey, events.Count);
        Assert.Equal(keys * perKey, events.Select(e => (e.Partition, e.Offset)).Distinct().Count());
        foreach (var perStream in deliveries.GroupBy(d => d.Key))
        {
            var inDeliveryOrder = perStream.SelectMany(d => d.Events).ToList();
            Assert.All(inDeliveryOrder, e => Assert.Equal(perStream.Key, e.Key));
            Assert.Equal(Enumerable.Range(0, perKey).Select(i => i.ToString(CultureInfo.InvariantCulture)), inDeliveryOrder.Select(e => e.Payload));
            Assert.True(inDeliveryOrder.Zip(inDeliveryOrder.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        }

        // One delivery per key per poll, not per record.
        Assert.True(deliveries.Count < events.Count, $"{deliveries.Count} deliveries for {events.Count} records");
        Assert.Contains(deliveries, d => d.Events.Count > 1);
    }

    [Fact]
    public async Task ARecordWithoutAKeyIsDeliveredOnTheEmptyKeyStream()
    {
        using (var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap))
        {
            await producer.ProduceAsync(new TopicPartition(TestTopics.Poison, 0), new Message<byte[], byte[]> { Key = null!, Value = "no-key"u8.ToArray() });
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Poison).Any(e => e.Payload == "no-key"), "the keyless record is delivered");
        Assert.Equal("", DeliveryLog.EventsOf(TestTopics.Poison).Single(e => e.Payload == "no-key").Key);
    }

    [Fact]
    public async Task AMalformedRecordGoesToTheDeadLetterTopicAndThePartitionContinues()
    {
        // The kickstarter.dead_letters counter (docs/metrics.md; the dashboard and the KickstarterDeadLetters alert read
        // it) as an exporter sees it: the silo runs in this process, so a listener here gets its measurements.
        var deadLetterCounts = new ConcurrentQueue<(long Value, string? Topic, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Kickstarter" && instrument.Name == "kickstarter.dead_letters")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var labels = tags.ToArray();
            deadLetterCounts.Enqueue((value, Label(labels, "topic"), Label(labels, "reason")));
        });
        listener.Start();

        using var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap);
        var offsets = new List<long>();
        for (var i = 0; i < 11; i++)
        {
            var payload = i == 5 ? "bad-record" : $"good-{i}";
            offsets.Add(await StreamTestProducing.ProduceAsync(producer, TestTopics.Malformed, 0, "m1", payload, timestampMs: 1_700_000_000_000 + i));
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Malformed).Count(e => e.Partition == 0) >= 10, "the good records are delivered");
        var dead = KafkaTestClients.ReadAll(fixture.Bootstrap, TestTopics.DeadLetters, r => r.Any(IsBadRecord)).Single(IsBadRecord);

        Assert.Equal(offsets.Where((_, i) => i != 5), DeliveryLog.EventsOf(TestTopics.Malformed).Where(e => e.Partition == 0).Select(e => e.Offset).Order());
        Assert.Equal("m1", Encoding.UTF8.GetString(dead.Message.Key));
        Assert.Equal("bad-record", Encoding.UTF8.GetString(dead.Message.Value));
        Assert.Equal("payload 'bad-record' is not valid", Header(dead, "dlq.reason"));
        Assert.Equal("0", Header(dead, "dlq.source.partition"));
        Assert.Equal(offsets[5].ToString(CultureInfo.InvariantCulture), Header(dead, "dlq.source.offset"));
        Assert.Equal(1_700_000_000_005, dead.Message.Timestamp.UnixTimestampMs);
        // Contains, not Single: the slow bad record of the test below shares the topic (partition 1, not a label).
        Assert.Contains((1L, TestTopics.Malformed, "rejected"), deadLetterCounts);
        Assert.All(deadLetterCounts.Where(c => c.Topic == TestTopics.Malformed), c => Assert.Equal("rejected", c.Reason));
    }

    [Fact]
    public async Task ABarrierPastADeadLetteredRecordWaitsForItsAcknowledgement()
    {
        // The dead-letter topic's leader refuses its next produce requests with a retriable error, so the dead letter
        // stays unacknowledged (the idempotent dead-letter producer retries with backoff) while the source flows on.
        const int refusals = 10;
        var deadLetterBroker = StreamClusterFixture.DeadLetterBroker;
        fixture.Kafka.PushBrokerRequestErrors(deadLetterBroker, ApiKeys.Produce, ErrorCode.NotEnoughReplicas, refusals);
        long badOffset;
        using (var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap))
        {
            badOffset = await StreamTestProducing.ProduceAsync(producer, TestTopics.Malformed, 1, "m2", "bad-slow");
            await StreamTestProducing.ProduceAsync(producer, TestTopics.Malformed, 1, "m2", "after-slow");
        }

        await KafkaTestClients.WaitUntil(
            () => DeliveryLog.EventsOf(TestTopics.Malformed).Any(e => e.Payload == "after-slow"),
            "the record after the bad one is delivered");
        var leftAtBarrier = fixture.Kafka.BrokerRequestErrorsLeft(deadLetterBroker, ApiKeys.Produce);
        var barrier = fixture.Control.PauseAndDrainAsync(CancellationToken.None);
        // The signal: the dead letter has been refused twice more since the barrier began. Then the barrier's state is
        // read, and after it the refusals left: while any is left, the dead letter was not acknowledged at that read.
        await KafkaTestClients.WaitUntil(
            () => fixture.Kafka.BrokerRequestErrorsLeft(deadLetterBroker, ApiKeys.Produce) <= leftAtBarrier - 2,
            "the dead-letter topic's leader refuses the dead letter twice while the barrier waits");
        var completedUnacknowledged = barrier.IsCompleted;
        var refusalsLeft = fixture.Kafka.BrokerRequestErrorsLeft(deadLetterBroker, ApiKeys.Produce);

        var checkpoints = await barrier.WaitAsync(TimeSpan.FromSeconds(30));
        fixture.Control.Resume();

        Assert.True(refusalsLeft > 0, "the dead letter was acknowledged before the barrier could be looked at");
        Assert.False(completedUnacknowledged, "the barrier reported an offset past a dead letter that was not acknowledged");
        Assert.Equal(0, fixture.Kafka.BrokerRequestErrorsLeft(deadLetterBroker, ApiKeys.Produce));
        Assert.True(checkpoints.Single(c => c is { Topic: TestTopics.Malformed, Partition: 1 }).NextOffset > badOffset);
        var dead = KafkaTestClients.ReadAll(fixture.Bootstrap, TestTopics.DeadLetters, r => r.Any(IsSlowBadRecord), partitions: 1);
        Assert.Single(dead, IsSlowBadRecord);
    }

    private static bool IsSlowBadRecord(ConsumeResult<byte[], byte[]> record)
        => Header(record, "dlq.source.topic") == TestTopics.Malformed && Header(record, "dlq.source.partition") == "1";

    private static bool IsBadRecord(ConsumeResult<byte[], byte[]> record)
        => Header(record, "dlq.source.topic") == TestTopics.Malformed && Header(record, "dlq.source.partition") == "0";

    private static string? Header(ConsumeResult<byte[], byte[]> record, string name)
        => record.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static string? Label(KeyValuePair<string, object?>[] labels, string name) => labels.FirstOrDefault(l => l.Key == name).Value as string;
}
