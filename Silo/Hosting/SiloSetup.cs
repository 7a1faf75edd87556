using System.Globalization;
using System.Net;
using Kickstarter.Connectors.DynamoDB;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Silo.Configuration;
using Kickstarter.Silo.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace Kickstarter.Silo.Hosting;

/// <summary>Orleans for this process: membership, grain storage, the pipeline and the dashboard.</summary>
public static class SiloSetup
{
    /// <summary>Configuration section of the DynamoDB grain storage's settings.</summary>
    public const string DynamoDBSection = "Storage:DynamoDB";

    public static void Configure(
        ISiloBuilder silo, SiloSettings settings, KafkaConnection kafka, SchemaRegistryEndpoint registry, IConfiguration configuration)
    {
        var orleans = settings.Orleans;
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = orleans.ClusterId;
            cluster.ServiceId = orleans.ServiceId;
        });
        ConfigureMembership(silo, settings, configuration);

        AddPipelineStorage(silo, configuration);

        // The jobs read the same keys everywhere (the test clusters and benchmarks call this too); only the embedded
        // cluster's address is known here first, so it is laid over Kafka:BootstrapServers.
        var jobsConfiguration = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(
            [
                new("Kafka:BootstrapServers", kafka.BootstrapServers),
                // The embedded cluster's topics are ours, so their partition count is known; a real cluster's existing
                // topics may differ from Kafka:Partitions (it only sizes topics the silo creates), so there the
                // stream provider reads the count from the topics' metadata, and every silo agrees on the queues.
                new("Kafka:Partitions", kafka.IsEmbedded ? settings.Kafka.Partitions.ToString(CultureInfo.InvariantCulture) : ""),
                // The embedded registry's address is only known now too; on it schemas are registered automatically
                // (a real registry's are registered on purpose, unless SchemaRegistry:AutoRegisterSchemas says so).
                new("SchemaRegistry:Url", registry.Url),
                new("SchemaRegistry:AutoRegisterSchemas",
                    (settings.SchemaRegistry.AutoRegisterSchemas ?? registry.IsEmbedded).ToString(CultureInfo.InvariantCulture)),
            ])
            .Build();
        silo.AddKickstarterJobs(jobsConfiguration);
        silo.AddDashboard();
        if (RunsInKubernetes())
        {
            // Pod name as silo name, the pod's labels and POD_IP, and a watch on the cluster's pods: a deleted pod's
            // silo is declared dead at once instead of after missed probes. RBAC: infra/k8s/rbac.yaml. Proven against a
            // Kubernetes API stand-in by KubernetesHostingProcessTests (infra/k8s/README.md, "Checked").
            silo.UseKubernetesHosting();
        }
    }

    /// <summary>The kubelet sets <c>KUBERNETES_SERVICE_HOST</c> in every container; nothing else does.</summary>
    public static bool RunsInKubernetes() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    /// <summary>
    /// Membership by <c>Membership:Provider</c>; when Orleans' own <c>Orleans:Clustering:ProviderType</c> is set,
    /// Orleans configures membership from that section itself and only the endpoints are ours.
    /// </summary>
    private static void ConfigureMembership(ISiloBuilder silo, SiloSettings settings, IConfiguration configuration)
    {
        var orleans = settings.Orleans;
        var orleansOwnProvider = !string.IsNullOrEmpty(configuration["Orleans:Clustering:ProviderType"]);
        if (!orleansOwnProvider && settings.Membership.Provider == MembershipProvider.Localhost)
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort);
            return;
        }

        if (!orleansOwnProvider)
        {
            silo.UseRedisClustering(settings.Membership.Redis);
        }

        // Several hosts: listen on every interface, advertise this host's (or the pod's) address.
        if (orleans.EffectiveAdvertisedIPAddress is { } advertised)
        {
            silo.ConfigureEndpoints(IPAddress.Parse(advertised), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
        }
    }

    /// <summary>
    /// The grain storage of the pipeline's grains and committers, chosen by <c>Storage:Provider</c>: memory (the
    /// embedded default) or DynamoDB (settings under <c>Storage:DynamoDB</c>).
    /// </summary>
    public static void AddPipelineStorage(ISiloBuilder silo, IConfiguration configuration)
    {
        var provider = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider ?? StorageProvider.Memory;
        if (provider == StorageProvider.DynamoDB)
        {
            silo.AddDynamoDBGrainStorage(ProviderNames.PipelineStorage, (OptionsBuilder<DynamoDBStorageOptions> options) =>
                options.Configure<Serializer>((dynamo, serializer) =>
                {
                    configuration.GetSection(DynamoDBSection).Bind(dynamo);
                    // Orleans' binary codecs ([GenerateSerializer]) are far more compact than the JSON default.
                    dynamo.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
        }
        else
        {
            // Orleans' binary serializer here too: the memory default (Newtonsoft JSON) cost 15-19 % of the pipeline's
            // CPU in the benchmark profile (docs/benchmarks.md).
            silo.AddMemoryGrainStorage(ProviderNames.PipelineStorage);
            silo.Services.AddOptions<MemoryGrainStorageOptions>(ProviderNames.PipelineStorage)
                .Configure<Serializer>((memory, serializer) =>
                    memory.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }
    }
}
