using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>A pipeline silo whose receivers get their start positions through <see cref="HeldStartPosition"/>.</summary>
public sealed class HeldStartPositionSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        new PipelineSiloConfigurator().Configure(siloBuilder);
        var registered = siloBuilder.Services.Single(d => d.ServiceType == typeof(IKafkaCheckpointSource));
        var type = registered.ImplementationType!;
        siloBuilder.Services.Remove(registered);
        siloBuilder.Services.AddSingleton<IKafkaCheckpointSource>(services =>
            new HeldStartPosition((IKafkaCheckpointSource)ActivatorUtilities.CreateInstance(services, type)));
    }
}
