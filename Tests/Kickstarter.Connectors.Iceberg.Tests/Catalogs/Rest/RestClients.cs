using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.Rest;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>Clients of the test catalog and the table the tests write.</summary>
internal static class RestClients
{
    public static readonly TableIdentifier Flight = new(["kickstarter", "airlines"], "flight");

    /// <summary>Fast retries so that conflict tests finish quickly.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastRetries = new Dictionary<string, string>
    {
        [TableProperties.CommitNumRetries] = "10",
        [TableProperties.CommitMinRetryWaitMs] = "5",
        [TableProperties.CommitMaxRetryWaitMs] = "50",
    };

    public static RestCatalog Client(RestCatalogServer server, Action<RestCatalogOptions>? configure = null, TableEnvironment? environment = null)
    {
        var options = new RestCatalogOptions
        {
            Uri = server.Uri,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new RestCatalog(options, new LocalFileIO(), environment);
    }

    public static Task<Table> CreateFlightAsync(RestCatalog catalog) =>
        catalog.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, TestData.FlightSpec, FastRetries, CancellationToken.None);

    public static async Task<Snapshot> AppendAsync(Table table, int from, int count, string prefix)
    {
        var files = await table.WriteDataFilesAsync(TestData.Flights(from, count), prefix, CancellationToken.None);
        return await table.NewAppend().AddFiles(files).CommitAsync();
    }
}
