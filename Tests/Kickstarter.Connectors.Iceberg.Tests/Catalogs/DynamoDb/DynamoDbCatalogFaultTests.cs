using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Testing;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.DynamoDb;

/// <summary>Faults injected between the AWS SDK and a real dynalite: ambiguous writes, throttling, missing table, dead endpoint.</summary>
public sealed class DynamoDbCatalogFaultTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TableIdentifier Flight = new(["kickstarter", "airlines"], "flight");

    private async Task<(DynamoDbCatalog Catalog, Table Table)> FaultyTableAsync(string catalogTable, DynamoDbFaultFactory faults, int maxRetries = 5)
    {
        using (var setup = dynalite.Catalog(catalogTable))
        {
            await setup.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, PartitionSpec.Unpartitioned, null, CancellationToken.None);
        }

        var options = dynalite.Options(catalogTable, faults);
        options.MaxRetries = maxRetries;
        var catalog = new DynamoDbCatalog(options, new LocalFileIO(), dynalite.WarehouseLocation);
        return (catalog, await catalog.LoadTableAsync(Flight, CancellationToken.None));
    }

    private async Task<TableMetadata> ReloadAsync(string catalogTable)
    {
        using var clean = dynalite.Catalog(catalogTable);
        return (await clean.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
    }

    [Fact]
    public async Task AmbiguousWriteThatLandedIsResolvedWithoutADuplicateSnapshot()
    {
        var faults = new DynamoDbFaultFactory((op, call) => op == "UpdateItem" && call == 1 ? DynamoDbFault.LandThenFail : DynamoDbFault.None);
        var (catalog, table) = await FaultyTableAsync("fault_landed", faults);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var snapshot = await table.NewAppend().AddFiles(files).CommitAsync();

        Assert.Equal(1, faults.Faults);
        Assert.Equal(1, faults.Calls("UpdateItem")); // read back and found: never resent
        var metadata = await ReloadAsync("fault_landed");
        Assert.Equal(snapshot.SnapshotId, Assert.Single(metadata.Snapshots).SnapshotId);
        Assert.Equal(files.Select(f => f.FilePath), TableReadBack.LiveDataFiles(metadata.CurrentSnapshot!));
        Assert.Equal(table.Metadata.MetadataFileLocation, metadata.MetadataFileLocation);
    }

    [Fact]
    public async Task AmbiguousWriteThatDidNotLandIsResentOnce()
    {
        var faults = new DynamoDbFaultFactory((op, call) => op == "UpdateItem" && call == 1 ? DynamoDbFault.FailWithoutLanding : DynamoDbFault.None);
        var (catalog, table) = await FaultyTableAsync("fault_not_landed", faults);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var snapshot = await table.NewAppend().AddFiles(files).CommitAsync();

        Assert.Equal(2, faults.Calls("UpdateItem"));
        var metadata = await ReloadAsync("fault_not_landed");
        Assert.Equal(snapshot.SnapshotId, Assert.Single(metadata.Snapshots).SnapshotId);
        Assert.Equal(1, MetadataFileNames.Version(metadata.MetadataFileLocation));
    }

    [Fact]
    public async Task AmbiguousWriteThatCannotBeReadBackIsReportedAsUnknownAndNotRetried()
    {
        var faults = new DynamoDbFaultFactory((op, call) => op switch
        {
            "UpdateItem" => DynamoDbFault.LandThenFail,
            // load, the commit loop's reload and the commit's version read work; the read-back after the ambiguous write does not
            "GetItem" when call > 3 => DynamoDbFault.FailWithoutLanding,
            _ => DynamoDbFault.None,
        });
        var (catalog, table) = await FaultyTableAsync("fault_unknown", faults, maxRetries: 2);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);
        var append = table.NewAppend().AddFiles(files);

        var error = await Assert.ThrowsAsync<CommitStateUnknownException>(() => append.CommitAsync());

        Assert.Contains(Flight.ToString(), error.Message);
        Assert.Equal(1, faults.Calls("UpdateItem"));
        // It had landed: a later writer that checks before committing again finds the snapshot and skips.
        var metadata = await ReloadAsync("fault_unknown");
        Assert.Equal(append.SnapshotId, Assert.Single(metadata.Snapshots).SnapshotId);
    }

    [Fact]
    public async Task ThrottlingPastTheRetryBudgetIsReportedAndCommitsNothing()
    {
        var faults = new DynamoDbFaultFactory((op, _) => op == "UpdateItem" ? DynamoDbFault.Throttle : DynamoDbFault.None);
        var (catalog, table) = await FaultyTableAsync("fault_throttled", faults, maxRetries: 3);
        using var _ = catalog;
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 10), "x", CancellationToken.None);

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => table.NewAppend().AddFiles(files).CommitAsync());

        Assert.Contains("throttled past the retry budget", error.Message);
        Assert.Contains("MaxRetries=3", error.Message);
        Assert.Contains("fault_throttled", error.Message);
        Assert.Equal(4, faults.Calls("UpdateItem"));
        Assert.Empty((await ReloadAsync("fault_throttled")).Snapshots);
    }

    [Fact]
    public async Task MissingCatalogTableNamesTheSetting()
    {
        var options = dynalite.Options("no_such_catalog");
        options.CreateTableIfNotExists = false;
        using var catalog = new DynamoDbCatalog(options, new LocalFileIO(), dynalite.WarehouseLocation);

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains("'no_such_catalog' does not exist", error.Message);
        Assert.Contains("Iceberg:Catalog:DynamoDb:TableName", error.Message);
    }

    [Fact]
    public async Task UnreachableEndpointNamesTheSetting()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var options = dynalite.Options("unreachable");
        options.ServiceUrl = url;
        options.MaxRetries = 1;
        using var catalog = new DynamoDbCatalog(options, new LocalFileIO(), dynalite.WarehouseLocation);

        var error = await Assert.ThrowsAsync<CatalogUnavailableException>(() => catalog.LoadTableAsync(Flight, CancellationToken.None));

        Assert.Contains($"did not answer at {url}", error.Message);
        Assert.Contains("Iceberg:Catalog:DynamoDb:ServiceUrl", error.Message);
        Assert.DoesNotContain("local-secret", error.ToString());
    }
}
