using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Testing.Logging;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.DynamoDb;

/// <summary>
/// The DynamoDB catalog's retry pipelines against a real dynalite with faults injected in front of it: a throttled
/// request is resent, each retry is logged, and a commit that was ambiguous once stays "unknown" when it later gives up.
/// </summary>
public sealed class DynamoDbCatalogRetryTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private const int RetryEvent = 4100;
    private static readonly TableIdentifier Flight = new(["kickstarter", "airlines"], "flight");

    private async Task<(DynamoDbCatalog Catalog, Table Table)> FaultyTableAsync(
        string catalogTable, DynamoDbFaultFactory faults, RecordingLogger logger, int maxRetries)
    {
        using (var setup = dynalite.Catalog(catalogTable))
        {
            await setup.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, PartitionSpec.Unpartitioned, null, CancellationToken.None);
        }

        var options = dynalite.Options(catalogTable, faults);
        options.MaxRetries = maxRetries;
        var catalog = new DynamoDbCatalog(options, new LocalFileIO(), dynalite.WarehouseLocation, null, logger);
        return (catalog, await catalog.LoadTableAsync(Flight, CancellationToken.None));
    }

    private async Task<TableMetadata> ReloadAsync(string catalogTable)
    {
        using var clean = dynalite.Catalog(catalogTable);
        return (await clean.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
    }

    [Fact]
    public async Task AThrottledReadIsResentAndEachRetryIsLogged()
    {
        var faults = new DynamoDbFaultFactory((op, call) => op == "GetItem" && call <= 2 ? DynamoDbFault.Throttle : DynamoDbFault.None);
        var logger = new RecordingLogger();

        var (catalog, table) = await FaultyTableAsync("retry_read", faults, logger, maxRetries: 3);
        using var _ = catalog;

        Assert.Equal(Flight, table.Identifier);
        Assert.Equal(3, faults.Calls("GetItem"));
        var retries = logger.Messages(RetryEvent);
        Assert.Equal(2, retries.Count);
        Assert.Contains("GetItem failed (Throttled, attempt 1 of 4)", retries[0]);
        Assert.Contains("GetItem failed (Throttled, attempt 2 of 4)", retries[1]);
    }

    [Fact]
    public async Task AThrottledConditionalWriteIsResentAndCommitsOnce()
    {
        var faults = new DynamoDbFaultFactory((op, call) => op == "UpdateItem" && call == 1 ? DynamoDbFault.Throttle : DynamoDbFault.None);
        var logger = new RecordingLogger();
        var (catalog, table) = await FaultyTableAsync("retry_write", faults, logger, maxRetries: 3);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var snapshot = await table.NewAppend().AddFiles(files).CommitAsync();

        Assert.Equal(2, faults.Calls("UpdateItem"));
        Assert.Single(logger.Messages(RetryEvent), m => m.Contains("UpdateItem of kickstarter.airlines.flight failed (Throttled"));
        var metadata = await ReloadAsync("retry_write");
        Assert.Equal(snapshot.SnapshotId, Assert.Single(metadata.Snapshots).SnapshotId);
        Assert.Equal(1, MetadataFileNames.Version(metadata.MetadataFileLocation));
    }

    [Fact]
    public async Task ACommitThatWasAmbiguousOnceIsUnknownWhenItLaterGivesUp()
    {
        // Attempt 1: a 500 that did not land (read back: unchanged, so resent); then throttled until the budget is spent.
        var faults = new DynamoDbFaultFactory((op, call) => op switch
        {
            "UpdateItem" when call == 1 => DynamoDbFault.FailWithoutLanding,
            "UpdateItem" => DynamoDbFault.Throttle,
            _ => DynamoDbFault.None,
        });
        var logger = new RecordingLogger();
        var (catalog, table) = await FaultyTableAsync("retry_ambiguous", faults, logger, maxRetries: 2);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var error = await Assert.ThrowsAsync<CommitStateUnknownException>(() => table.NewAppend().AddFiles(files).CommitAsync());

        Assert.Equal(3, faults.Calls("UpdateItem"));
        Assert.Contains("throttled past the retry budget", error.Message);
        Assert.Contains("UpdateItem of kickstarter.airlines.flight failed 3 times (Iceberg:Catalog:DynamoDb:MaxRetries=2); last error", error.Message);
        Assert.IsType<CatalogUnavailableException>(error.InnerException);
        Assert.DoesNotContain("local-secret", error.ToString());
        Assert.Empty((await ReloadAsync("retry_ambiguous")).Snapshots);
    }

    [Fact]
    public async Task NoRetriesMeansOneAttempt()
    {
        var faults = new DynamoDbFaultFactory((op, _) => op == "UpdateItem" ? DynamoDbFault.Throttle : DynamoDbFault.None);
        var logger = new RecordingLogger();
        var (catalog, table) = await FaultyTableAsync("retry_none", faults, logger, maxRetries: 0);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => table.NewAppend().AddFiles(files).CommitAsync());

        Assert.Equal(1, faults.Calls("UpdateItem"));
        Assert.Contains("failed 1 time (Iceberg:Catalog:DynamoDb:MaxRetries=0)", error.Message);
        Assert.Empty(logger.Messages(RetryEvent));
    }
}
