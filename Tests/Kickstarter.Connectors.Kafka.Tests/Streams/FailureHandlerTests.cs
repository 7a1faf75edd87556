using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

[Collection(StreamCollection.Name)]
public sealed class FailureHandlerTests(StreamClusterFixture fixture)
{
    [Fact]
    public async Task ADeliveryThatKeepsFailingIsReportedToTheBarrierUntilARewindGoesBackBeforeIt()
    {
        var services = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services;
        var factory = (KafkaAdapterFactory)services.GetRequiredKeyedService<IQueueAdapterFactory>(TestTopics.Provider);
        var failuresBefore = factory.DeliveryFailures;
        long poisonOffset;
        using (var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap))
        {
            poisonOffset = await StreamTestProducing.ProduceAsync(producer, TestTopics.Poison, 0, "p1", "poison");
            await KafkaTestClients.WaitUntil(
                () => factory.DeliveryFailures > failuresBefore, "the failure handler reports the poison delivery");
            await StreamTestProducing.ProduceAsync(producer, TestTopics.Poison, 0, "p1", "healthy");
        }

        await KafkaTestClients.WaitUntil(
            () => DeliveryLog.EventsOf(TestTopics.Poison).Any(e => e.Payload == "healthy"), "the next record of the stream is delivered");
        Assert.DoesNotContain(DeliveryLog.EventsOf(TestTopics.Poison), e => e.Payload == "poison");

        // The barrier's checkpoint now counts the poison record as delivered; the control says it was not.
        var checkpoints = await fixture.Control.PauseAndDrainAsync(CancellationToken.None);
        var givenUp = Assert.Single(fixture.Control.GivenUp, g => g.Topic == TestTopics.Poison);
        Assert.Equal((0, poisonOffset), (givenUp.Partition, givenUp.FirstOffset));
        Assert.True(checkpoints.Single(c => c.Topic == TestTopics.Poison).NextOffset > poisonOffset);

        // A rewind (here: to where every partition stands) forgets the give-ups.
        await fixture.Control.RewindAsync(checkpoints.ToDictionary(c => (c.Topic, c.Partition)), CancellationToken.None);
        Assert.Empty(fixture.Control.GivenUp);
        fixture.Control.Resume();
    }
}
