using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A pipeline silo with the faulting storage (<see cref="FaultingStorageSiloConfigurator"/>) whose flight grains can be
/// deactivated on request (<see cref="DeactivatingSummaryFilter"/>).
/// </summary>
public sealed class DeactivationFaultSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        new FaultingStorageSiloConfigurator().Configure(siloBuilder);
        siloBuilder.AddIncomingGrainCallFilter<DeactivatingSummaryFilter>();
    }
}
