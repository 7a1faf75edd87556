using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
        PipelineStorageWrapper.Wrap(siloBuilder, (_, inner) => new SnapshotGate(new EpochStartGate(inner)));
    }
}
