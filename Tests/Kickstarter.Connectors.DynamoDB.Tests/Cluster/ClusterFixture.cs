using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Kickstarter.Connectors.DynamoDB.Tests.Cluster;

/// <summary>A one-silo TestCluster whose grain storage "dynamo" is our provider on a dynalite of its own.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string StorageName = "dynamo";
    public const string TableName = "ClusterGrainState";
    public const string AccessKey = "AKIACLUSTERKEY000001";
    public const string SecretKey = "cluster-secret-Zt5uW1yQ8rE3";
    private const string ServiceUrlProperty = "DynaliteServiceUrl";

    private DynaliteServer? _dynalite;
    private TestCluster? _cluster;

    /// <summary>Every log line the silo wrote (the provider is static because silo configurators are built by type).</summary>
    public static CapturingLoggerProvider SiloLogs { get; } = new();

    public DynaliteServer Dynalite => _dynalite ?? throw new InvalidOperationException("not started");

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _dynalite = await DynaliteServer.StartAsync();
        var builder = new TestClusterBuilder(1);
        builder.Properties[ServiceUrlProperty] = _dynalite.ServiceUrl;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var serviceUrl = siloBuilder.Configuration[ServiceUrlProperty];
            siloBuilder.Services.AddSingleton<ILoggerProvider>(SiloLogs);
            siloBuilder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information));
            siloBuilder.AddDynamoDBGrainStorage(StorageName, (DynamoDBStorageOptions options) =>
            {
                options.ServiceUrl = serviceUrl;
                options.TableName = TableName;
                options.AccessKey = AccessKey;
                options.SecretKey = SecretKey;
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "dynamo-cluster";
}
