using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.DynamoDb;

/// <summary>The DynamoDB catalog on a real dynalite: create, load, list, racing committers and read-back by independent readers.</summary>
public sealed class DynamoDbCatalogTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TableIdentifier Flight = new(["kickstarter", "airlines"], "flight");

    [Fact]
    public async Task CreatesLoadsAndListsTablesAndNamespaces()
    {
        using var catalog = dynalite.Catalog("catalog_basics");
        Assert.False(await catalog.TableExistsAsync(Flight, CancellationToken.None));
        var created = await catalog.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, TestData.FlightSpec, null, CancellationToken.None);
        var again = await catalog.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, PartitionSpec.Unpartitioned, null, CancellationToken.None);
        await catalog.CreateTableIfNotExistsAsync(
            new TableIdentifier(["kickstarter", "airlines"], "flyer_stats"), TestData.FlightSchema, PartitionSpec.Unpartitioned, null,
            CancellationToken.None);
        await catalog.CreateNamespaceIfNotExistsAsync(["other"], null, CancellationToken.None);

        Assert.True(await catalog.TableExistsAsync(Flight, CancellationToken.None));
        Assert.Equal(created.Metadata.TableUuid, again.Metadata.TableUuid); // the first definition wins
        Assert.Equal(TestData.FlightSpec.Fields.Count, again.Metadata.DefaultSpec.Fields.Count);
        var tables = await catalog.ListTablesAsync(["kickstarter", "airlines"], CancellationToken.None);
        Assert.Equal(["kickstarter.airlines.flight", "kickstarter.airlines.flyer_stats"], tables.Select(t => t.ToString()).Order(StringComparer.Ordinal));
        Assert.Empty(await catalog.ListTablesAsync(["other"], CancellationToken.None));
        var namespaces = await catalog.ListNamespacesAsync([], CancellationToken.None);
        Assert.Equal(["kickstarter.airlines", "other"], namespaces.Select(n => string.Join('.', n)).Order(StringComparer.Ordinal));
        Assert.Equal(["kickstarter.airlines"], (await catalog.ListNamespacesAsync(["kickstarter"], CancellationToken.None)).Select(n => string.Join('.', n)));

        // A second catalog instance (another host, same DynamoDB table and warehouse) sees the same table.
        using var other = dynalite.Catalog("catalog_basics");
        var loaded = await other.LoadTableAsync(Flight, CancellationToken.None);
        Assert.Equal(created.Metadata.TableUuid, loaded.Metadata.TableUuid);
        Assert.Equal(created.Metadata.MetadataFileLocation, loaded.Metadata.MetadataFileLocation);
    }

    [Fact]
    public async Task AppendsAreReadBackByAvroAndDuckDb()
    {
        using var catalog = dynalite.Catalog("catalog_readback");
        var table = await catalog.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, TestData.FlightSpec, null, CancellationToken.None);
        var first = await table.WriteDataFilesAsync(TestData.Flights(0, 60), "a", CancellationToken.None);
        await table.NewAppend().AddFiles(first).CommitAsync();
        var second = await table.WriteDataFilesAsync(TestData.Flights(60, 40), "b", CancellationToken.None);
        await table.NewAppend().AddFiles(second).CommitAsync();

        using var reader = dynalite.Catalog("catalog_readback");
        var loaded = await reader.LoadTableAsync(Flight, CancellationToken.None);
        var files = TableReadBack.LiveDataFiles(loaded.Metadata.CurrentSnapshot!);
        Assert.Equal(first.Concat(second).Select(f => f.FilePath).Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
        Assert.Equal(100, TableReadBack.CountRows(files));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"CONF{i:D6}"), TableReadBack.Strings(files, "confirmation_code"));
    }

    [Fact]
    public async Task MissingTableIsReportedByName()
    {
        using var catalog = dynalite.Catalog("catalog_missing_table");
        var error = await Assert.ThrowsAsync<NoSuchTableException>(
            () => catalog.LoadTableAsync(new TableIdentifier(["db"], "missing"), CancellationToken.None));
        Assert.Contains("db.missing", error.Message);
        Assert.Contains("catalog_missing_table", error.Message);
    }

    [Fact]
    public async Task RacingCommittersAppendEveryFileOnceInALinearHistory()
    {
        const int committers = 6;
        const int appendsEach = 3;
        var properties =
            new Dictionary<string, string> { [TableProperties.CommitNumRetries] = "50", [TableProperties.CommitMinRetryWaitMs] = "5",
            [TableProperties.CommitMaxRetryWaitMs] = "100" };
        using (var setup = dynalite.Catalog("catalog_race"))
        {
            await setup.CreateTableIfNotExistsAsync(Flight, TestData.FlightSchema, PartitionSpec.Unpartitioned, properties, CancellationToken.None);
        }

        var start = new TaskCompletionSource();
        var expected = new List<string>();
        var writers = Enumerable.Range(0, committers).Select(async w =>
        {
            await start.Task;
            using var catalog = dynalite.Catalog("catalog_race"); // one client per committer, as on separate hosts
            var table = await catalog.LoadTableAsync(Flight, CancellationToken.None);
            for (var n = 0; n < appendsEach; n++)
            {
                var files = await table.WriteDataFilesAsync(TestData.Flights((w * appendsEach + n) * 10, 10), $"w{w}-n{n}", CancellationToken.None);
                lock (expected)
                {
                    expected.AddRange(files.Select(f => f.FilePath));
                }

                await table.NewAppend().AddFiles(files).CommitAsync();
            }
        }).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        using var reader = dynalite.Catalog("catalog_race");
        var metadata = (await reader.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
        Assert.Equal(committers * appendsEach, metadata.Snapshots.Count);
        // Linear: sequence numbers 1..N, each snapshot's parent is the one before it.
        var ordered = metadata.Snapshots.OrderBy(s => s.SequenceNumber).ToList();
        Assert.Equal(Enumerable.Range(1, committers * appendsEach).Select(i => (long)i), ordered.Select(s => s.SequenceNumber));
        Assert.Null(ordered[0].ParentSnapshotId);
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.Equal(ordered[i - 1].SnapshotId, ordered[i].ParentSnapshotId);
        }

        Assert.Equal(ordered[^1].SnapshotId, metadata.CurrentSnapshotId);

        var files = TableReadBack.LiveDataFiles(metadata.CurrentSnapshot!);
        Assert.Equal(expected.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal)); // every file exactly once
        Assert.Equal(committers * appendsEach * 10, TableReadBack.CountRows(files));
        Assert.Equal(committers * appendsEach, MetadataFileNames.Version(metadata.MetadataFileLocation));
    }
}
