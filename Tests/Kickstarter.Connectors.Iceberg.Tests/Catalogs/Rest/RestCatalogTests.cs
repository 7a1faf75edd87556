using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;
using static Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest.RestClients;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>The REST catalog client against the in-test server that checks every body against the specification.</summary>
public sealed class RestCatalogTests
{
    [Fact]
    public async Task CreatesAppendsTwiceLoadsAndReadsBackEndToEnd()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server);
        Assert.True(await catalog.CreateNamespaceIfNotExistsAsync(["kickstarter"], null, CancellationToken.None));
        Assert.True(
            await catalog.CreateNamespaceIfNotExistsAsync(
            ["kickstarter", "airlines"], new Dictionary<string, string> { ["owner"] = "ops" }, CancellationToken.None));
        Assert.False(await catalog.CreateNamespaceIfNotExistsAsync(["kickstarter", "airlines"], null, CancellationToken.None));
        var table = await CreateFlightAsync(catalog);
        var first = await AppendAsync(table, 0, 60, "a");
        var second = await AppendAsync(table, 60, 40, "b");

        using var reader = Client(server);
        var loaded = await reader.LoadTableAsync(Flight, CancellationToken.None);
        Assert.Equal([first.SnapshotId, second.SnapshotId], loaded.Metadata.Snapshots.Select(s => s.SnapshotId));
        Assert.Equal(first.SnapshotId, loaded.Metadata.CurrentSnapshot!.ParentSnapshotId);
        Assert.Equal(2, loaded.Metadata.LastSequenceNumber);
        Assert.Equal(2, MetadataFileNames.Version(loaded.Metadata.MetadataFileLocation));
        Assert.True(File.Exists(LocalFileIO.ToPath(loaded.Metadata.MetadataFileLocation!)));
        var files = TableReadBack.LiveDataFiles(loaded.Metadata.CurrentSnapshot);
        Assert.Equal(100, TableReadBack.CountRows(files));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"CONF{i:D6}"), TableReadBack.Strings(files, "confirmation_code"));

        Assert.Equal("wh1", catalog.Configuration["prefix"]); // override
        Assert.Equal("4", catalog.Configuration["clients"]); // default
        Assert.Equal([["kickstarter"]], (await reader.ListNamespacesAsync([], CancellationToken.None)).Select(n => n.ToArray()));
        Assert.Equal([["kickstarter", "airlines"]], (await reader.ListNamespacesAsync(["kickstarter"], CancellationToken.None)).Select(n => n.ToArray()));
        Assert.Equal("ops", (await reader.LoadNamespacePropertiesAsync(["kickstarter", "airlines"], CancellationToken.None))["owner"]);
        Assert.Equal([Flight], await reader.ListTablesAsync(["kickstarter", "airlines"], CancellationToken.None));
        Assert.Contains("POST /catalog/v1/wh1/namespaces/kickstarter%1Fairlines/tables/flight", server.Requests);
        Assert.Equal([200, 200], server.CommitStatuses);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task StaleRequirementGets409AndTheRetryOnTheReloadedTableSucceeds()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var writerA = Client(server);
        using var writerB = Client(server);
        var tableA = await CreateFlightAsync(writerA);
        var tableB = await writerB.LoadTableAsync(Flight, CancellationToken.None);
        var first = await AppendAsync(tableA, 0, 10, "a1");
        Snapshot? interloper = null;
        // While B's commit is in flight, A commits on top of the same parent: B's assert-ref-snapshot-id fails.
        server.BeforeCommit = async call =>
        {
            if (call == 2)
            {
                interloper = await AppendAsync(tableA, 10, 10, "a2");
            }
        };

        var mine = await AppendAsync(tableB, 20, 10, "b1");

        Assert.Equal([200, 200, 409, 200], server.CommitStatuses);
        var metadata = (await writerA.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
        Assert.Equal([first.SnapshotId, interloper!.SnapshotId, mine.SnapshotId], metadata.Snapshots.Select(s => s.SnapshotId));
        Assert.Equal(interloper.SnapshotId, metadata.CurrentSnapshot!.ParentSnapshotId);
        Assert.Equal(30, TableReadBack.CountRows(TableReadBack.LiveDataFiles(metadata.CurrentSnapshot)));
        Assert.Empty(server.Violations);
    }

    [Theory]
    [InlineData(CommitFault.ApplyThen503)]
    [InlineData(CommitFault.ApplyThenDrop)]
    public async Task CommitThatLandedDespiteAnErrorIsFoundByReloadingAndNotSentAgain(CommitFault fault)
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server);
        var table = await CreateFlightAsync(catalog);
        server.OnCommit = call => call == 1 ? fault : CommitFault.None;

        var snapshot = await AppendAsync(table, 0, 10, "x");

        Assert.Equal(1, server.CommitCalls); // never sent twice
        var metadata = (await catalog.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
        Assert.Equal(snapshot.SnapshotId, Assert.Single(metadata.Snapshots).SnapshotId);
        Assert.Equal(metadata.MetadataFileLocation, table.Metadata.MetadataFileLocation);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task CommitThatDidNotLandIsSentAgainAfterTheReloadShowsNoChange()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server);
        var table = await CreateFlightAsync(catalog);
        server.OnCommit = call => call == 1 ? CommitFault.Reject503 : CommitFault.None;

        var snapshot = await AppendAsync(table, 0, 10, "x");

        Assert.Equal([503, 200], server.CommitStatuses);
        var metadata = (await catalog.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
        Assert.Equal(snapshot.SnapshotId, Assert.Single(metadata.Snapshots).SnapshotId);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task SchemaChangeIsCommittedAsAddSchemaAndSetCurrentSchema()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server);
        var table = await CreateFlightAsync(catalog);

        await table.UpdateSchema().AddColumn("note", IcebergType.String).CommitAsync();

        var metadata = (await catalog.LoadTableAsync(Flight, CancellationToken.None)).Metadata;
        Assert.Equal(1, metadata.CurrentSchemaId);
        Assert.Equal("note", metadata.CurrentSchema.Fields[^1].Name);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task MissingTableIsNoSuchTable()
    {
        await using var server = await RestCatalogServer.StartAsync();
        using var catalog = Client(server);
        var error = await Assert.ThrowsAsync<NoSuchTableException>(
            () => catalog.LoadTableAsync(new TableIdentifier(["db"], "missing"), CancellationToken.None));
        Assert.Contains("db.missing", error.Message);
    }
}
