using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Grains.Sinks;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// A chaos-test silo: Redis membership (so any silo, the first included, can die), DynamoDB grain state on dynalite,
/// quick failure detection and short timeouts, the sink wrapped by <see cref="ChaosJobSink"/>, the warehouse's file IO
/// by <see cref="ChaosFileIO"/>, and the Kafka producer's commit events kept by <see cref="KafkaCommitProbe"/>.
/// </summary>
public sealed class ChaosSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var config = siloBuilder.Configuration;
        siloBuilder.UseRedisClustering(config["Chaos:Redis"]!);
        siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
        siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        new Infrastructure.PipelineSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, Infrastructure.CapturedLogs>();
        // The warehouse the product would build from Iceberg:Warehouse (the Hadoop catalog on local files), with the
        // table commits observable.
        siloBuilder.Services.AddSingleton(_ =>
        {
            var io = new ChaosFileIO(new LocalFileIO());
            var location = WarehouseLocation.ToLocation(config["Iceberg:Warehouse"]!);
            return new JobWarehouse(new HadoopCatalog(io, location), io, location);
        });
        siloBuilder.Services.AddSingleton<ILoggerProvider>(services => new KafkaCommitProbe(services));
        siloBuilder.Services.AddLogging(logging => logging.AddFilter<KafkaCommitProbe>(KafkaEpochCommit.Category, LogLevel.Debug));
        siloBuilder.Services.AddSingleton<JobSink>();
        siloBuilder.Services.AddSingleton<IJobSink>(services =>
            new ChaosJobSink(services.GetRequiredService<JobSink>(), services.GetRequiredService<ILocalSiloDetails>()));
    }
}

/// <summary>The cluster client of the chaos test finds the silos through the same Redis.</summary>
public sealed class ChaosClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseRedisClustering(configuration["Chaos:Redis"]!);
}
