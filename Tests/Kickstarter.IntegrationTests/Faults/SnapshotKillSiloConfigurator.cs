using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A pipeline silo whose grain storage is wrapped by <see cref="SnapshotKillGate"/> and whose receivers get their start
/// positions through <see cref="HeldStartPosition"/>, with quick failure detection and its logs captured.
/// </summary>
public sealed class SnapshotKillSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        QuickFailureDetection.Configure(siloBuilder);
        new HeldStartPositionSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        var registered = siloBuilder.Services.Single(d =>
            d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderNames.PipelineStorage));
        var factory = registered.KeyedImplementationFactory!;
        siloBuilder.Services.Remove(registered);
        siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.PipelineStorage,
            (services, key) => new SnapshotKillGate(
                (IGrainStorage)factory(services, key), services.GetRequiredService<ILocalSiloDetails>().SiloAddress));
    }
}
