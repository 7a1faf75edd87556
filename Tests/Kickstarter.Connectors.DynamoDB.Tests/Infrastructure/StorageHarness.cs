using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

/// <summary>
/// A DynamoDB grain storage built through its real registration (AddDynamoDBGrainStorage) outside a silo, plus a
/// raw AWS client on the same endpoint to look at the stored items independently.
/// </summary>
public sealed class StorageHarness : IAsyncDisposable
{
    public const string ProviderName = "dynamo";
    public const string ServiceId = "kickstarter-tests";
    public const string TestAccessKey = "AKIATESTACCESSKEY0001";
    public const string TestSecretKey = "test-secret-kQ7zX9pL2mN4vB8c";

    private readonly ServiceProvider _services;

    private StorageHarness(ServiceProvider services, DynamoDBStorageOptions options, CapturingLoggerProvider logs)
    {
        _services = services;
        Options = options;
        Logs = logs;
        Storage = (DynamoDBGrainStorage)services.GetRequiredKeyedService<IGrainStorage>(ProviderName);
        Raw = new AmazonDynamoDBClient(new BasicAWSCredentials(TestAccessKey, TestSecretKey),
            new AmazonDynamoDBConfig { ServiceURL = options.ServiceUrl, AuthenticationRegion = options.Region });
    }

    internal DynamoDBGrainStorage Storage { get; }

    public DynamoDBStorageOptions Options { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>An independent client on the same endpoint, for reading items as stored.</summary>
    public IAmazonDynamoDB Raw { get; }

    public static ServiceProvider BuildServices(string serviceUrl, CapturingLoggerProvider logs, Action<DynamoDBStorageOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSerializer();
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.Configure<ClusterOptions>(o => o.ServiceId = ServiceId);
        services.AddDynamoDBGrainStorage(ProviderName, options =>
        {
            options.ServiceUrl = serviceUrl;
            options.AccessKey = TestAccessKey;
            options.SecretKey = TestSecretKey;
            options.TableName = $"t-{Guid.NewGuid():N}";
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Registers, validates and initializes (creating the table) one provider.</summary>
    public static async Task<StorageHarness> StartAsync(string serviceUrl, Action<DynamoDBStorageOptions>? configure = null)
    {
        var harness = Create(serviceUrl, configure);
        await harness.Storage.InitializeAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>Registers and validates one provider without initializing it.</summary>
    public static StorageHarness Create(string serviceUrl, Action<DynamoDBStorageOptions>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var services = BuildServices(serviceUrl, logs, configure);
        services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<DynamoDBStorageOptions>>().Get(ProviderName);
        return new StorageHarness(services, options, logs);
    }

    public static GrainId NewGrainId() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    public static string PartitionKey(string stateName, GrainId grainId) => $"{ServiceId}/{stateName}/{grainId}";

    /// <summary>The item as stored, or null.</summary>
    public async Task<Dictionary<string, AttributeValue>?> ReadItemAsync(string stateName, GrainId grainId)
    {
        var response = await Raw.GetItemAsync(new GetItemRequest
        {
            TableName = Options.TableName,
            Key = new() { ["PK"] = new AttributeValue { S = PartitionKey(stateName, grainId) } },
            ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        await Storage.DisposeAsync();
        await _services.DisposeAsync();
    }
}
