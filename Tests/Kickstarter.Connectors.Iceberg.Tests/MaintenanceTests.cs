using System.Globalization;
using Kickstarter.Connectors.Iceberg.Io;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Compaction, snapshot expiry and orphan file removal.</summary>
public sealed class MaintenanceTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private async Task<Table> TableWithSmallAppendsAsync(int appends)
    {
        var table = await _warehouse.CreateFlightTableAsync();
        for (var i = 0; i < appends; i++)
        {
            await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(i * 40, 40), $"e{i}", CancellationToken.None)).CommitAsync();
        }
        return table;
    }

    [Fact]
    public async Task CompactionKeepsRowsAndLowersTheFileCount()
    {
        var table = await TableWithSmallAppendsAsync(6);
        var before = await table.PlanFilesAsync(CancellationToken.None);
        var rowsBefore = (await table.ScanAsync(CancellationToken.None).ToListAsync()).Select(r => (string)r[6]!).Order().ToList();

        var result = await table.RewriteSmallFilesAsync(64L * 1024 * 1024, CancellationToken.None);

        var after = await table.PlanFilesAsync(CancellationToken.None);
        Assert.True(after.Count < before.Count, $"{after.Count} files after, {before.Count} before");
        Assert.Equal(before.Count - result.RewrittenFiles + result.AddedFiles, after.Count);
        var rowsAfter = (await table.ScanAsync(CancellationToken.None).ToListAsync()).Select(r => (string)r[6]!).Order().ToList();
        Assert.Equal(rowsBefore, rowsAfter);
        var snapshot = table.Metadata.CurrentSnapshot!;
        Assert.Equal("replace", snapshot.Operation);
        Assert.Equal("240", snapshot.Summary["total-records"]);
        Assert.Equal(after.Count.ToString(CultureInfo.InvariantCulture), snapshot.Summary["total-data-files"]);
        // Each partition holds one file now, and DuckDB counts the same rows in the surviving files.
        Assert.Equal(after.Count, after.Select(f => string.Join('/', f.Partition)).Distinct().Count());
        var list = string.Join(',', after.Select(f => $"'{LocalFileIO.ToPath(f.FilePath)}'"));
        Assert.Equal(240L, Convert.ToInt64(DuckDb.Query($"SELECT count(*) FROM read_parquet([{list}])").Single()[0], CultureInfo.InvariantCulture));
        // Replaced files stay readable through the previous snapshot until it expires.
        Assert.All(before, f => Assert.True(File.Exists(LocalFileIO.ToPath(f.FilePath))));
    }

    [Fact]
    public async Task ReplaceFailsWhenAFileIsNoLongerInTheTable()
    {
        var table = await TableWithSmallAppendsAsync(2);
        var files = await table.PlanFilesAsync(CancellationToken.None);
        var ghost = files[0] with { FilePath = files[0].FilePath + ".gone" };
        await Assert.ThrowsAsync<Catalog.ValidationException>(() => table.NewRewrite().DeleteFiles([ghost]).AddFiles([]).CommitAsync());
    }

    [Fact]
    public async Task ExpireRemovesOldSnapshotsAndFilesOnlyTheyReferenced()
    {
        var table = await TableWithSmallAppendsAsync(4);
        var beforeCompaction = await table.PlanFilesAsync(CancellationToken.None);
        var oldLists = table.Metadata.Snapshots.Select(s => s.ManifestList).ToList();
        await table.RewriteSmallFilesAsync(64L * 1024 * 1024, CancellationToken.None);
        var current = table.Metadata.CurrentSnapshot!;

        var result = await table.ExpireSnapshotsAsync(DateTimeOffset.UtcNow.AddMinutes(1), retainLast: 1, CancellationToken.None);

        Assert.Equal(4, result.ExpiredSnapshotIds.Count);
        var m = table.Metadata;
        Assert.Equal(current.SnapshotId, Assert.Single(m.Snapshots).SnapshotId);
        Assert.Equal(current.SnapshotId, Assert.Single(m.SnapshotLog).SnapshotId);
        var live = await table.PlanFilesAsync(CancellationToken.None);
        Assert.All(live, f => Assert.True(File.Exists(LocalFileIO.ToPath(f.FilePath))));
        var liveSet = live.Select(f => f.FilePath).ToHashSet();
        Assert.All(beforeCompaction.Where(f => !liveSet.Contains(f.FilePath)), f => Assert.False(File.Exists(LocalFileIO.ToPath(f.FilePath))));
        Assert.All(oldLists, l => Assert.False(File.Exists(LocalFileIO.ToPath(l))));
        Assert.Equal(160, await table.ScanAsync(CancellationToken.None).CountAsync());
        var onDisk = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        Assert.Single(onDisk.Metadata.Snapshots);
    }

    [Fact]
    public async Task ExpireKeepsTheNewestSnapshotsAndRecentOnes()
    {
        var table = await TableWithSmallAppendsAsync(3);
        var result = await table.ExpireSnapshotsAsync(DateTimeOffset.UtcNow.AddMinutes(1), retainLast: 2, CancellationToken.None);
        Assert.Single(result.ExpiredSnapshotIds);
        Assert.Equal(2, table.Metadata.Snapshots.Count);
        var none = await table.ExpireSnapshotsAsync(DateTimeOffset.UtcNow.AddDays(-1), retainLast: 1, CancellationToken.None);
        Assert.Empty(none.ExpiredSnapshotIds);
        Assert.Equal(120, await table.ScanAsync(CancellationToken.None).CountAsync());
    }

    [Fact]
    public async Task OrphanDeletionRemovesOnlyOldUnreferencedUnprotectedFiles()
    {
        var table = await TableWithSmallAppendsAsync(2);
        var orphanOld = await table.WriteDataFilesAsync(TestData.Flights(900, 5), "orphan-old", CancellationToken.None);
        var prepared = await table.WriteDataFilesAsync(TestData.Flights(950, 5), "prepared", CancellationToken.None);
        var stray = Path.Combine(_warehouse.TableDir, "metadata", "stray-m0.avro");
        await File.WriteAllTextAsync(stray, "x");
        var oldTime = DateTime.UtcNow.AddHours(-2);
        foreach (var f in orphanOld.Concat(prepared))
        {
            File.SetLastWriteTimeUtc(LocalFileIO.ToPath(f.FilePath), oldTime);
        }

        File.SetLastWriteTimeUtc(stray, oldTime);
        // Files of the table itself are old too: age alone must not get them deleted.
        foreach (var f in Directory.GetFiles(_warehouse.TableDir, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(f, oldTime);
        }

        var orphanNew = await table.WriteDataFilesAsync(TestData.Flights(990, 5), "orphan-new", CancellationToken.None);

        var deleted = await table.DeleteOrphanFilesAsync(
            DateTimeOffset.UtcNow.AddHours(-1), prepared.Select(f => f.FilePath).ToHashSet(), CancellationToken.None);

        Assert.Equal(orphanOld.Select(f => LocalFileIO.ToPath(f.FilePath)).Append(stray).Order(), deleted.Select(LocalFileIO.ToPath).Order());
        Assert.All(prepared.Concat(orphanNew), f => Assert.True(File.Exists(LocalFileIO.ToPath(f.FilePath))));
        Assert.Equal(80, await table.ScanAsync(CancellationToken.None).CountAsync());
        Assert.True(File.Exists(Path.Combine(_warehouse.TableDir, "metadata", "v1.metadata.json")));
        Assert.True(File.Exists(Path.Combine(_warehouse.TableDir, "metadata", "version-hint.text")));
        var reloaded = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        Assert.Equal(80, await reloaded.ScanAsync(CancellationToken.None).CountAsync());
    }
}
