using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
        PipelineStorageWrapper.Wrap(siloBuilder, (services, inner) =>
            new SnapshotKillGate(inner, services.GetRequiredService<ILocalSiloDetails>().SiloAddress));
    }
}
