using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A pipeline silo whose deliveries can be failed by <see cref="FailingDeliveries"/>, with the airline streams'
/// <c>MaxEventDeliveryTime</c> lowered to <see cref="DeliveryLimit"/> so that Orleans gives up within the test.
/// </summary>
public sealed class FailingDeliverySiloConfigurator : ISiloConfigurator
{
    /// <summary>How long Orleans retries one container before it gives up on it.</summary>
    public static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(2);

    public void Configure(ISiloBuilder siloBuilder)
    {
        new PipelineSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.PostConfigure<KafkaStreamOptions>(
            ProviderNames.AirlineStreams, options => options.MaxEventDeliveryTime = DeliveryLimit);
        siloBuilder.AddIncomingGrainCallFilter<FailingDeliveryFilter>();
    }
}
