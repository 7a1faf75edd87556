using System.Net;
using Kickstarter.Connectors.DynamoDB;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Dashboard;

namespace Kickstarter.Silo.Hosting;

/// <summary>Orleans for this process: membership, grain storage, the pipeline and the dashboard.</summary>
public static class SiloSetup
{
    public static void Configure(ISiloBuilder silo, SiloSettings settings, KafkaConnection kafka, IConfiguration configuration)
    {
        var m = settings.Membership;
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = m.ClusterId;
            o.ServiceId = m.ServiceId;
        });

        if (string.Equals(m.Clustering, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            silo.UseRedisClustering(m.Redis);
            silo.ConfigureEndpoints(m.SiloPort, m.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(m.SiloPort, m.GatewayPort);
        }

        AddPipelineStorage(silo, configuration);

        // The jobs read the same keys everywhere (the test clusters and benchmarks call this too); only the embedded
        // cluster's address is known here first, so it is laid over Kafka:BootstrapServers.
        var jobsConfiguration = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection([new("Kafka:BootstrapServers", kafka.BootstrapServers)])
            .Build();
        silo.AddKickstarterJobs(jobsConfiguration);
        silo.AddDashboard();
    }

    /// <summary>
    /// The grain storage of the pipeline's grains and committers, chosen by <c>Storage:Provider</c>: memory (the
    /// embedded default) or DynamoDB (settings under <c>Storage:DynamoDB</c>).
    /// </summary>
    public static void AddPipelineStorage(ISiloBuilder silo, IConfiguration configuration)
    {
        if (string.Equals(configuration["Storage:Provider"], "DynamoDB", StringComparison.OrdinalIgnoreCase))
        {
            silo.AddDynamoDBGrainStorage(ProviderNames.PipelineStorage, (OptionsBuilder<DynamoDBStorageOptions> ob) =>
                ob.Configure<Serializer>((o, serializer) =>
                {
                    configuration.GetSection("Storage:DynamoDB").Bind(o);
                    // Orleans' binary codecs ([GenerateSerializer]) are far more compact than the JSON default.
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
        }
        else
        {
            // Orleans' binary serializer here too: the memory default (Newtonsoft JSON) cost 15-19 % of the pipeline's
            // CPU in the benchmark profile (docs/benchmarks.md).
            silo.AddMemoryGrainStorage(ProviderNames.PipelineStorage);
            silo.Services.AddOptions<MemoryGrainStorageOptions>(ProviderNames.PipelineStorage)
                .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }
    }
}
