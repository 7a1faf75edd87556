using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>A pipeline silo whose grain storage is wrapped by <see cref="FaultingCommitterStorage"/>.</summary>
public sealed class FaultingStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        new PipelineSiloConfigurator().Configure(siloBuilder);
        var registered = siloBuilder.Services.Single(d =>
            d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderNames.PipelineStorage));
        var factory = registered.KeyedImplementationFactory!;
        siloBuilder.Services.Remove(registered);
        siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.PipelineStorage,
            (services, key) => new FaultingCommitterStorage(
                (IGrainStorage)factory(services, key), services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
    }
}
