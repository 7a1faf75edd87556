using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Testing;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.DynamoDb;

/// <summary>One real dynalite per test class and a temporary warehouse; each test uses its own catalog table.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private DynaliteServer? _server;

    public string ServiceUrl => _server!.ServiceUrl;

    public string Warehouse { get; } = Path.Combine(Path.GetTempPath(), "iceberg-dynamodb-tests", Guid.NewGuid().ToString("N"));

    public string WarehouseLocation => LocalFileIO.ToLocation(Warehouse);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Warehouse);
        _server = await DynaliteServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try { Directory.Delete(Warehouse, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public DynamoDbCatalogOptions Options(string tableName, DynamoDbFaultFactory? faults = null) => new()
    {
        TableName = tableName,
        ServiceUrl = ServiceUrl,
        AccessKey = "local",
        SecretKey = "local-secret",
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        ConfigureClient = faults is null ? null : config => config.HttpClientFactory = faults,
    };

    internal DynamoDbCatalog Catalog(string tableName, DynamoDbFaultFactory? faults = null) =>
        new(Options(tableName, faults), new LocalFileIO(), WarehouseLocation);
}
