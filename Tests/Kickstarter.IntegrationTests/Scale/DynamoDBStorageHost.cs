using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Kickstarter.Grains.Epochs.Coordinator;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Scale;

/// <summary>
/// The pipeline's DynamoDB grain storage built through its real registration, outside a silo (started through its
/// own lifecycle participant), on a dynalite endpoint; plus a raw client that measures the items as stored.
/// </summary>
internal sealed class DynamoDBStorageHost : IAsyncDisposable
{
    private const string Provider = "pipeline";
    private readonly ServiceProvider _services;
    private readonly string _table;

    private DynamoDBStorageHost(ServiceProvider services, string table, IAmazonDynamoDB raw)
    {
        _services = services;
        _table = table;
        Raw = raw;
        Storage = services.GetRequiredKeyedService<IGrainStorage>(Provider);
    }

    public IGrainStorage Storage { get; }

    public IAmazonDynamoDB Raw { get; }

    public static async Task<DynamoDBStorageHost> StartAsync(string serviceUrl)
    {
        var table = $"scale-{Guid.NewGuid():N}";
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer(serializer => serializer.AddAssembly(typeof(CommitterState).Assembly));
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.Configure<ClusterOptions>(o => o.ServiceId = "kickstarter-scale");
        services.AddDynamoDBGrainStorage(Provider, options =>
        {
            options.ServiceUrl = serviceUrl;
            options.AccessKey = "test";
            options.SecretKey = "test";
            options.TableName = table;
        });
        var provider = services.BuildServiceProvider();
        var lifecycle = new StartOnlyLifecycle();
        ((ILifecycleParticipant<ISiloLifecycle>)provider.GetRequiredKeyedService<IGrainStorage>(Provider)).Participate(lifecycle);
        await lifecycle.StartAsync();
        var raw = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" });
        return new DynamoDBStorageHost(provider, table, raw);
    }

    /// <summary>Every stored item's size as DynamoDB counts it (attribute names plus values), with its key.</summary>
    public async Task<List<(string Key, int Bytes, long RawSize)>> ItemSizesAsync()
    {
        var sizes = new List<(string, int, long)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Raw.ScanAsync(new ScanRequest { TableName = _table, ExclusiveStartKey = start });
            foreach (var item in page.Items)
            {
                var bytes = item.Sum(attribute => System.Text.Encoding.UTF8.GetByteCount(attribute.Key) + ValueBytes(attribute.Value));
                var raw = item.TryGetValue("RawSize", out var rawSize)
                    ? long.Parse(rawSize.N, System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
                sizes.Add((item["PK"].S, bytes, raw));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return sizes;
    }

    private static int ValueBytes(AttributeValue value) =>
        value.S is not null ? System.Text.Encoding.UTF8.GetByteCount(value.S)
        : value.B is not null ? (int)value.B.Length
        : value.N is not null ? value.N.Length
        : 1;

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        await _services.DisposeAsync();
    }

    /// <summary>Runs the start callbacks of the participants, in stage order; nothing here is ever stopped.</summary>
    private sealed class StartOnlyLifecycle : ISiloLifecycle
    {
        private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

        public int HighestCompletedStage { get; private set; }

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add((stage, observer));
            return new NoUnsubscribe();
        }

        public async Task StartAsync()
        {
            foreach (var (stage, observer) in _observers.OrderBy(o => o.Stage))
            {
                await observer.OnStart(CancellationToken.None);
                HighestCompletedStage = stage;
            }
        }

        private sealed class NoUnsubscribe : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
