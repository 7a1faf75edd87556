using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Optimistic commits from two writers racing on one table.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public async Task TwoCommittersAppendingInParallelLoseNothing()
    {
        var props = new Dictionary<string, string> { [TableProperties.CommitNumRetries] = "100",
            [TableProperties.CommitMinRetryWaitMs] = "1", [TableProperties.CommitMaxRetryWaitMs] = "50" };
        await _warehouse.CreateFlightTableAsync(props, partitioned: false);
        var versionsSeen = new System.Collections.Concurrent.ConcurrentBag<string>();

        async Task<List<DataFile>> Committer(int id)
        {
            // Each committer has its own Table instance, as two silos would.
            var table = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
            var mine = new List<DataFile>();
            for (var i = 0; i < 20; i++)
            {
                var files = await table.WriteDataFilesAsync(TestData.Flights((id * 1000) + (i * 3), 3), $"c{id}-e{i}", CancellationToken.None);
                await table.NewAppend().AddFiles(files).Set("kickstarter.epoch", $"{id}-{i}").CommitAsync();
                versionsSeen.Add(table.Metadata.MetadataFileLocation!);
                mine.AddRange(files);
            }
            return mine;
        }

        var results = await Task.WhenAll(Task.Run(() => Committer(1)), Task.Run(() => Committer(2)));
        var table = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        var m = table.Metadata;
        Assert.Equal(40, m.Snapshots.Count(s => s.Operation == "append"));
        Assert.Equal(40, m.Snapshots.Select(s => s.Summary["kickstarter.epoch"]).Distinct().Count());
        Assert.Equal(40, m.LastSequenceNumber);
        // Every commit produced its own version file: none was overwritten.
        Assert.Equal(40, versionsSeen.Distinct().Count());
        Assert.Equal(41, Directory.GetFiles(Path.Combine(_warehouse.TableDir, "metadata"), "v*.metadata.json").Length);
        // The snapshot chain is linear and complete.
        var chain = new List<long>();
        for (var s = m.CurrentSnapshot; s is not null; s = s.ParentSnapshotId is { } p ? m.SnapshotById(p) : null)
        {
            chain.Add(s.SnapshotId);
        }

        Assert.Equal(40, chain.Count);
        var planned = await table.PlanFilesAsync(CancellationToken.None);
        var expected = results.SelectMany(r => r).Select(f => f.FilePath).ToList();
        Assert.Equal(expected.Count, planned.Count);
        Assert.Equal(expected.Order(), planned.Select(f => f.FilePath).Order());
        Assert.Equal(120, await table.ScanAsync(CancellationToken.None).CountAsync());
        Assert.Equal("120", m.CurrentSnapshot!.Summary["total-records"]);
    }

    [Fact]
    public async Task TheSameEpochCommittedByRacingWritersIsAppliedOnce()
    {
        // A commit still in flight from a dead committer and its successor's retry of the same epoch: many rounds of
        // racing writers, each guarded by SkipIf on the epoch marker; every epoch must land exactly once.
        var props = new Dictionary<string, string> { [TableProperties.CommitNumRetries] = "100",
            [TableProperties.CommitMinRetryWaitMs] = "1", [TableProperties.CommitMaxRetryWaitMs] = "20" };
        await _warehouse.CreateFlightTableAsync(props, partitioned: false);
        const int epochs = 10;
        const int writers = 4;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var marker = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var first = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
            var files = await first.WriteDataFilesAsync(TestData.Flights(epoch * 100, 2), $"e{epoch}", CancellationToken.None);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                var table = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
                return await table.NewAppend().AddFiles(files).Set("kickstarter.epoch", marker)
                    .CommitUnlessAsync(m => m.Snapshots.Any(s => s.Summary.TryGetValue("kickstarter.epoch", out var e) && e == marker));
            })));
            Assert.Single(outcomes, o => o is not null);
        }

        var final = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        Assert.Equal(epochs, final.Metadata.Snapshots.Count);
        Assert.Equal(epochs * 2, await final.ScanAsync(CancellationToken.None).CountAsync());
    }
}
