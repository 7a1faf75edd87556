using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// A chaos-test silo: Redis membership (so any silo, the first included, can die), DynamoDB grain state on dynalite,
/// quick failure detection and short timeouts, and the sink wrapped by <see cref="ChaosJobSink"/>.
/// </summary>
public sealed class ChaosSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        var config = silo.Configuration;
        silo.UseRedisClustering(config["Chaos:Redis"]!);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        new Infrastructure.PipelineSiloConfigurator().Configure(silo);
        silo.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, Infrastructure.CapturedLogs>();
        silo.Services.AddSingleton<JobSink>();
        silo.Services.AddSingleton<IJobSink>(services =>
            new ChaosJobSink(services.GetRequiredService<JobSink>(), services.GetRequiredService<ILocalSiloDetails>()));
    }
}

/// <summary>The cluster client of the chaos test finds the silos through the same Redis.</summary>
public sealed class ChaosClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client) =>
        client.UseRedisClustering(configuration["Chaos:Redis"]!);
}
