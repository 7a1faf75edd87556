using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>A pipeline silo whose grain storage is wrapped by <see cref="OversizedStateStorage"/>, its logs captured.</summary>
public sealed class OversizedStateSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        new PipelineSiloConfigurator().Configure(silo);
        silo.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        var registered = silo.Services.Single(d =>
            d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderNames.PipelineStorage));
        var factory = registered.KeyedImplementationFactory!;
        silo.Services.Remove(registered);
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.PipelineStorage,
            (services, key) => new OversizedStateStorage((IGrainStorage)factory(services, key)));
    }
}
