using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Reports deliveries Orleans gave up on (after MaxEventDeliveryTime): the rest of that container is not delivered,
/// so this must be loud. Subscriptions are not faulted: the partition keeps flowing.
/// </summary>
internal sealed class KafkaStreamFailureHandler(string providerName, ILogger logger) : IStreamFailureHandler
{
    private long deliveryFailures;

    public long DeliveryFailures => Interlocked.Read(ref deliveryFailures);

    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        Interlocked.Increment(ref deliveryFailures);
        KafkaStreamLog.DeliveryFailures.Add(1);
        KafkaStreamLog.DeliveryFailed(logger, providerName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        KafkaStreamLog.SubscriptionFailed(logger, providerName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }
}
