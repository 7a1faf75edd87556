using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>A pipeline silo whose grain storage is wrapped by <see cref="FaultingCommitterStorage"/>.</summary>
public sealed class FaultingStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        new PipelineSiloConfigurator().Configure(siloBuilder);
        PipelineStorageWrapper.Wrap(siloBuilder, (services, inner) =>
            new FaultingCommitterStorage(inner, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
    }
}
