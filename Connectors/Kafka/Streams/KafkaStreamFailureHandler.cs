using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Reports deliveries Orleans gave up on (after MaxEventDeliveryTime) for one partition's queue: the rest of that
/// container is not delivered, so this must be loud, and the give-up is remembered in the provider's registry so the
/// next barrier can refuse to count those records as delivered (<see cref="IKafkaPartitionControl.GivenUp"/>).
/// Subscriptions are not faulted: the partition keeps flowing.
/// </summary>
internal sealed class KafkaStreamFailureHandler(
    string providerName, TopicPartition partition, KafkaReceiverRegistry registry, ILogger logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(
        GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        // The token is the container's first offset; without one, assume the worst (the whole partition).
        registry.RecordGiveUp(partition, sequenceToken?.SequenceNumber ?? 0);
        KafkaStreamLog.DeliveryFailures.Add(1);
        KafkaStreamLog.DeliveryFailed(logger, providerName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(
        GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        KafkaStreamLog.SubscriptionFailed(logger, providerName, streamIdentity, subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }
}
