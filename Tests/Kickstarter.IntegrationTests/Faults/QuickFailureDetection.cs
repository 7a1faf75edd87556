using Orleans.Configuration;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>Test silos that declare a killed silo dead within seconds and give up on a silent call after ten.</summary>
public static class QuickFailureDetection
{
    public static void Configure(ISiloBuilder silo)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }
}
