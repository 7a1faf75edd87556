using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

[Collection(StreamCollection.Name)]
public sealed class CheckpointSourceTests(StreamClusterFixture fixture)
{
    /// <summary>Runs before the silo starts: records and the checkpoint the receivers will start from.</summary>
    internal static async Task PreloadAsync(StreamClusterFixture fixture)
    {
        using var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap);
        for (var partition = 0; partition < 2; partition++)
        {
            for (var i = 0; i < 10; i++)
            {
                var id = (partition, i) switch { (0, 6) => "up/1/2", (0, 7) => "up/1/4", _ => null };
                await StreamTestProducing.ProduceAsync(producer, TestTopics.Checkpoint, partition, $"cp{partition}", $"p{partition}-{i}", id);
            }
        }

        TestCheckpointSource.Checkpoints[(TestTopics.Checkpoint, 0)] = new PartitionCheckpoint(
            TestTopics.Checkpoint, 0, NextOffset: 4, MaxTimestampMs: 123, CaughtUp: false,
            new Dictionary<string, UpstreamPosition> { ["up"] = new(1, 3) });
    }

    [Fact]
    public async Task ReceiversStartFromTheCheckpointSourceOrFromTheBeginning()
    {
        await KafkaTestClients.WaitUntil(
            () => DeliveryLog.EventsOf(TestTopics.Checkpoint).Count >= 15, "the checkpoint topic's records are delivered");

        var events = DeliveryLog.EventsOf(TestTopics.Checkpoint);
        // Partition 0 resumes at 4 with the dedup state restored: up/1/2 at offset 6 is at or below up/1/3.
        Assert.Equal([4, 5, 7, 8, 9], events.Where(e => e.Partition == 0).Select(e => e.Offset).Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), events.Where(e => e.Partition == 1).Select(e => e.Offset).Order());
        var checkpoints = await fixture.Control.PauseAndDrainAsync(CancellationToken.None);
        fixture.Control.Resume();
        var partition0 = checkpoints.Single(c => c is { Topic: TestTopics.Checkpoint, Partition: 0 });
        Assert.Equal(10, partition0.NextOffset);
        Assert.Equal(new UpstreamPosition(1, 4), partition0.UpstreamIds["up"]);

        // Hosts keep checkpoints in grain state: they must survive Orleans serialization.
        var serializer = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<Serializer>();
        var copy = serializer.Deserialize<PartitionCheckpoint>(serializer.SerializeToArray(partition0))!;
        Assert.Equal(partition0 with { UpstreamIds = copy.UpstreamIds }, copy);
        Assert.Equal(partition0.UpstreamIds.OrderBy(p => p.Key), copy.UpstreamIds.OrderBy(p => p.Key));
    }
}
