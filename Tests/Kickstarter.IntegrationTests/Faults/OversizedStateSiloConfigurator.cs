using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>A pipeline silo whose grain storage is wrapped by <see cref="OversizedStateStorage"/>, its logs captured.</summary>
public sealed class OversizedStateSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        new PipelineSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        var registered = siloBuilder.Services.Single(d =>
            d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderNames.PipelineStorage));
        var factory = registered.KeyedImplementationFactory!;
        siloBuilder.Services.Remove(registered);
        siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.PipelineStorage,
            (services, key) => new OversizedStateStorage((IGrainStorage)factory(services, key)));
    }
}
