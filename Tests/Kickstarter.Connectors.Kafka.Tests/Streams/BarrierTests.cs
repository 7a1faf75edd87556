using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

[Collection(StreamCollection.Name)]
public sealed class BarrierTests(StreamClusterFixture fixture)
{
    private int _acknowledged; // records the broker has acknowledged, for waits on the producer's progress

    [Fact]
    public async Task PauseAndDrainReportsExactlyWhatTheGrainsReceived()
    {
        using var producing = new CancellationTokenSource();
        var producer = Task.Run(() => ProduceContinuously(TestTopics.Barrier, 4, producing.Token));
        try
        {
            for (var barrier = 0; barrier < 3; barrier++)
            {
                var before = DeliveryLog.EventsOf(TestTopics.Barrier).Count;
                await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Barrier).Count > before + 50, "records flow between barriers");

                var checkpoints = await fixture.Control.PauseAndDrainAsync(CancellationToken.None);
                var atBarrier = DeliveryLog.EventsOf(TestTopics.Barrier);
                AssertDeliveredExactlyBelow(checkpoints, atBarrier);

                // Paused while the producer keeps going: once Kafka holds records written after the barrier, none of
                // them has reached a grain.
                var acknowledgedAtBarrier = Volatile.Read(ref _acknowledged);
                await KafkaTestClients.WaitUntil(
                    () => Volatile.Read(ref _acknowledged) >= acknowledgedAtBarrier + 200, "records are written past the barrier");
                Assert.Equal(atBarrier.Count, DeliveryLog.EventsOf(TestTopics.Barrier).Count);
                fixture.Control.Resume();
            }
        }
        finally
        {
            producing.Cancel();
            await producer;
        }

        // Quiet partitions: after everything is delivered the barrier reports them caught up.
        var produced = await producer;
        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Barrier).Count >= produced, "the tail is delivered");
        var final = await fixture.Control.PauseAndDrainAsync(CancellationToken.None);
        fixture.Control.Resume();
        AssertDeliveredExactlyBelow(final, DeliveryLog.EventsOf(TestTopics.Barrier));
        Assert.All(final.Where(c => c.Topic == TestTopics.Barrier), c => Assert.True(c.CaughtUp, $"partition {c.Partition} caught up"));
        Assert.Equal(produced, final.Where(c => c.Topic == TestTopics.Barrier).Sum(c => c.NextOffset));
    }

    [Fact]
    public async Task RewindReplaysFromTheGivenOffsets()
    {
        using (var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap))
        {
            for (var partition = 0; partition < 2; partition++)
            {
                for (var i = 0; i < 8; i++)
                {
                    await StreamTestProducing.ProduceAsync(producer, TestTopics.Rewind, partition, $"rw{partition}", $"{i}", timestampMs: 1_000 + i);
                }
            }
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Rewind).Count >= 16, "the rewind topic is delivered");
        var checkpoints = await fixture.Control.PauseAndDrainAsync(CancellationToken.None);
        var target = checkpoints.ToDictionary(c => (c.Topic, c.Partition));
        target[(TestTopics.Rewind, 0)] = target[(TestTopics.Rewind, 0)] with { NextOffset = 5 };
        target.Remove((TestTopics.Rewind, 1)); // absent: from the beginning

        await fixture.Control.RewindAsync(target, CancellationToken.None);
        var afterRewind = await fixture.Control.PauseAndDrainAsync(CancellationToken.None);
        fixture.Control.Resume();
        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Rewind).Count >= 16 + 3 + 8, "the replay is delivered");

        var rewound = afterRewind.ToDictionary(c => (c.Topic, c.Partition));
        Assert.Equal(5, rewound[(TestTopics.Rewind, 0)].NextOffset);
        Assert.Equal(0, rewound[(TestTopics.Rewind, 1)].NextOffset);
        Assert.Equal(-1, rewound[(TestTopics.Rewind, 1)].MaxTimestampMs);
        var events = DeliveryLog.EventsOf(TestTopics.Rewind);
        Assert.Equal(27, events.Count);
        Assert.All(events.Where(e => e.Partition == 0).GroupBy(e => e.Offset), g => Assert.Equal(g.Key >= 5 ? 2 : 1, g.Count()));
        Assert.All(events.Where(e => e.Partition == 1).GroupBy(e => e.Offset), g => Assert.Equal(2, g.Count()));
        // Other topics were rewound to where they were: nothing replayed there.
        Assert.Equal(
            DeliveryLog.EventsOf(TestTopics.Order).Count,
            DeliveryLog.EventsOf(TestTopics.Order).Select(e => (e.Partition, e.Offset)).Distinct().Count());
    }

    [Fact]
    public async Task RewindWithoutPauseIsRefused()
        => await Assert.ThrowsAsync<InvalidOperationException>(
            () => fixture.Control.RewindAsync(new Dictionary<(string, int), PartitionCheckpoint>(), CancellationToken.None));

    private static void AssertDeliveredExactlyBelow(IReadOnlyList<PartitionCheckpoint> checkpoints, List<TestEvent> delivered)
    {
        foreach (var checkpoint in checkpoints.Where(c => c.Topic == TestTopics.Barrier))
        {
            var offsets = delivered.Where(e => e.Partition == checkpoint.Partition).Select(e => e.Offset).Order().ToList();
            Assert.Equal(Enumerable.Range(0, (int)checkpoint.NextOffset).Select(i => (long)i), offsets);
            Assert.Equal(
                offsets.Count == 0 ? -1
                : delivered.Where(e => e.Partition == checkpoint.Partition).Max(e => e.TimestampMs), checkpoint.MaxTimestampMs);
        }
    }

    private async Task<int> ProduceContinuously(string topic, int partitions, CancellationToken stop)
    {
        using var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap);
        var produced = 0;
        while (!stop.IsCancellationRequested && produced < 20_000)
        {
            var batch = new List<Task>();
            for (var i = 0; i < 40; i++, produced++)
            {
                batch.Add(StreamTestProducing.ProduceAsync(
                    producer, topic, produced % partitions, $"b{produced % 16}", $"{produced}", timestampMs: 1_700_000_000_000 + produced));
            }

            await Task.WhenAll(batch);
            Interlocked.Add(ref _acknowledged, batch.Count);
            await Task.Delay(5, CancellationToken.None);
        }

        return produced;
    }
}
