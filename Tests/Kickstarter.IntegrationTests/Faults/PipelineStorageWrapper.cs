using Kickstarter.Grains.Interfaces.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// Puts a test's storage in front of the pipeline's grain storage, whatever provider the silo configured (memory or
/// DynamoDB): the one way fault-injecting silo configurators wrap it.
/// </summary>
internal static class PipelineStorageWrapper
{
    /// <summary>Replaces the pipeline storage with <paramref name="wrap"/> applied to it.</summary>
    public static void Wrap(ISiloBuilder siloBuilder, Func<IServiceProvider, IGrainStorage, IGrainStorage> wrap)
    {
        var registered = siloBuilder.Services.Single(d =>
            d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, ProviderNames.PipelineStorage));
        var factory = registered.KeyedImplementationFactory!;
        siloBuilder.Services.Remove(registered);
        siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.PipelineStorage,
            (services, key) => wrap(services, (IGrainStorage)factory(services, key)));
    }
}
