using Kickstarter.Connectors.Kafka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Kickstarter.Connectors.Kafka.Tests.Streams;

[Collection(StreamCollection.Name)]
public sealed class FailureHandlerTests(StreamClusterFixture fixture)
{
    [Fact]
    public async Task ADeliveryThatKeepsFailingIsReportedAndTheStreamGoesOn()
    {
        var services = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services;
        var handler = ((KafkaAdapterFactory)services.GetRequiredKeyedService<IQueueAdapterFactory>(TestTopics.Provider)).FailureHandler;
        var failuresBefore = handler.DeliveryFailures;
        using (var producer = KafkaTestClients.BytesProducer(fixture.Bootstrap))
        {
            await StreamTestProducing.ProduceAsync(producer, TestTopics.Poison, 0, "p1", "poison");
            await KafkaTestClients.WaitUntil(() => handler.DeliveryFailures > failuresBefore, "the failure handler reports the poison delivery");
            await StreamTestProducing.ProduceAsync(producer, TestTopics.Poison, 0, "p1", "healthy");
        }

        await KafkaTestClients.WaitUntil(() => DeliveryLog.EventsOf(TestTopics.Poison).Any(e => e.Payload == "healthy"), "the next record of the stream is delivered");
        Assert.DoesNotContain(DeliveryLog.EventsOf(TestTopics.Poison), e => e.Payload == "poison");
    }
}
