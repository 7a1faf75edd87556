using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>A pipeline silo whose grain storage is wrapped by <see cref="OversizedStateStorage"/>, its logs captured.</summary>
public sealed class OversizedStateSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        new PipelineSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        PipelineStorageWrapper.Wrap(siloBuilder, (_, inner) => new OversizedStateStorage(inner));
    }
}
