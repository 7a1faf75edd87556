using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A pipeline silo whose grain storage is wrapped by <see cref="EpochStartGate"/> and <see cref="SnapshotGate"/> (each
/// passes everything through until a test arms it), with quick failure detection (a
/// killed silo is declared dead within seconds) and its logs captured.
/// </summary>
public sealed class GatedStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        QuickFailureDetection.Configure(siloBuilder);
        new PipelineSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        var registered = siloBuilder.Services.Single(d =>
            d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderNames.PipelineStorage));
        var factory = registered.KeyedImplementationFactory!;
        siloBuilder.Services.Remove(registered);
        siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.PipelineStorage,
            (services, key) => new SnapshotGate(new EpochStartGate((IGrainStorage)factory(services, key))));
    }
}
