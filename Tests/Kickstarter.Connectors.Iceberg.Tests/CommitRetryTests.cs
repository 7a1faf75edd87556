using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Hosting;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>The commit retry policy: what is retried, how often, how long it waits, and the idempotence guard.</summary>
public sealed class CommitRetryTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private static Dictionary<string, string> Retries(int retries, int minWaitMs, int maxWaitMs) => new()
    {
        [TableProperties.CommitNumRetries] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [TableProperties.CommitMinRetryWaitMs] = minWaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [TableProperties.CommitMaxRetryWaitMs] = maxWaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A second writer that appends one file per call, through its own Table instance.</summary>
    private async Task RivalAppendsAsync(string epoch)
    {
        var rival = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        var files = await rival.WriteDataFilesAsync(TestData.Flights(500, 1), $"rival-{epoch}", CancellationToken.None);
        await rival.NewAppend().AddFiles(files).Set("kickstarter.epoch", epoch).CommitAsync();
    }

    private string[] ManifestListsOf(long snapshotId) =>
        Directory.GetFiles(Path.Combine(_warehouse.TableDir, "metadata"), $"snap-{snapshotId}-*.avro").Select(Path.GetFileName).ToArray()!;

    [Fact]
    public async Task ALostRaceIsReappliedOnTheNewerBase()
    {
        await _warehouse.CreateFlightTableAsync(Retries(4, 1, 5), partitioned: false);
        var (table, ops) = await InterleavingOperations.WrapAsync(_warehouse, attempt => attempt == 0 ? RivalAppendsAsync("rival") : Task.CompletedTask);
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 3), "mine", CancellationToken.None);

        var append = table.NewAppend().AddFiles(files).Set("kickstarter.epoch", "mine");
        var snapshot = await append.CommitAsync();

        Assert.Equal(2, ops.CommitAttempts.Count);
        var rival = table.Metadata.Snapshots.Single(s => s.Summary["kickstarter.epoch"] == "rival");
        Assert.Equal(rival.SnapshotId, snapshot.ParentSnapshotId);
        Assert.Equal(2, snapshot.SequenceNumber);
        Assert.Equal(4, await table.ScanAsync(CancellationToken.None).CountAsync());
        // The lost attempt's manifest list was deleted; the winning one is attempt 2's.
        Assert.StartsWith($"snap-{snapshot.SnapshotId}-2-", Assert.Single(ManifestListsOf(snapshot.SnapshotId)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachLostRaceIsLoggedOnTheTablesLoggerWithItsAttemptAndWait()
    {
        await _warehouse.CreateFlightTableAsync(Retries(4, 1, 5), partitioned: false);
        var log = new RecordingLogger();
        var (table, ops) = await InterleavingOperations.WrapAsync(
            _warehouse, attempt => attempt < 2 ? RivalAppendsAsync($"rival-{attempt}") : Task.CompletedTask, new TableEnvironment { Logger = log });
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 3), "mine", CancellationToken.None);

        await table.NewAppend().AddFiles(files).CommitAsync();

        Assert.Equal(3, ops.CommitAttempts.Count);
        var lost = log.Entries.Where(entry => entry.EventId == 4140).ToList();
        Assert.Equal(2, lost.Count);
        Assert.All(lost, entry => Assert.Equal(LogLevel.Information, entry.Level));
        Assert.Matches(
            @"^Commit to apache_kickstarter\.airlines\.flight lost a race to a concurrent writer on attempt 1 of 5; "
                + @"re-applying to the newer metadata in \d+ ms$",
            lost[0].Message);
        Assert.Contains("on attempt 2 of 5;", lost[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogsBuiltForTheHostLogTheirTablesRetriesThroughTheHostsLoggers()
    {
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(NullLoggerProvider.Instance));
        var catalog = IcebergCatalogFactory.Create(
            new IcebergCatalogOptions { Type = IcebergCatalogType.Hadoop, Warehouse = _warehouse.Root }, _warehouse.Io, loggerFactory: loggers);
        var own = new RecordingLogger();
        var withOwn = IcebergCatalogFactory.Create(
            new IcebergCatalogOptions { Type = IcebergCatalogType.Hadoop, Warehouse = _warehouse.Root },
            _warehouse.Io, new TableEnvironment { Logger = own }, loggers);

        var table = await catalog.CreateTableIfNotExistsAsync(
            TempWarehouse.FlightId, TestData.FlightSchema, PartitionSpec.Unpartitioned, properties: null, CancellationToken.None);
        var sameTable = await withOwn.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);

        Assert.NotSame(NullLogger.Instance, table.Environment.Logger);
        Assert.Same(own, sameTable.Environment.Logger);
    }

    [Fact]
    public async Task CommitGivesUpAfterTheConfiguredRetriesAndNamesTheSetting()
    {
        await _warehouse.CreateFlightTableAsync(Retries(2, 1, 5), partitioned: false);
        var rivalCommits = 0;
        var (table, ops) = await InterleavingOperations.WrapAsync(_warehouse, attempt => RivalAppendsAsync($"rival-{rivalCommits++}"));
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 3), "mine", CancellationToken.None);
        var append = table.NewAppend().AddFiles(files);

        var error = await Assert.ThrowsAsync<CommitFailedException>(() => append.CommitAsync());

        Assert.Contains("lost 3 races", error.Message, StringComparison.Ordinal);
        Assert.Contains("commit.retry.num-retries=2", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, ops.CommitAttempts.Count);
        Assert.Equal(3, ops.Refreshes);
        var committed = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        Assert.Equal(3, committed.Metadata.Snapshots.Count);
        Assert.DoesNotContain(committed.Metadata.Snapshots, s => s.SnapshotId == append.SnapshotId);
        Assert.Empty(ManifestListsOf(append.SnapshotId));
    }

    [Fact]
    public async Task RetriesWaitAtLeastHalfTheMinimumWait()
    {
        await _warehouse.CreateFlightTableAsync(Retries(1, 400, 1000), partitioned: false);
        var (table, ops) = await InterleavingOperations.WrapAsync(_warehouse, attempt => attempt == 0 ? RivalAppendsAsync("rival") : Task.CompletedTask);
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 1), "mine", CancellationToken.None);

        await table.NewAppend().AddFiles(files).CommitAsync();

        Assert.Equal(2, ops.CommitAttempts.Count);
        // Backoff is equal jitter over min-wait * 2^0: at least half of it, 200 ms, between the two attempts.
        Assert.True(ops.CommitAttempts[1] - ops.CommitAttempts[0] >= TimeSpan.FromMilliseconds(200), $"waited {ops.CommitAttempts[1] - ops.CommitAttempts[0]}");
    }

    [Fact]
    public async Task TheAlreadyAppliedGuardIsCheckedAgainAfterALostRace()
    {
        // Our first attempt loses to a writer committing the very same epoch (a zombie of the same committer): the
        // retry must see the epoch in the newer base and commit nothing.
        await _warehouse.CreateFlightTableAsync(Retries(4, 1, 5), partitioned: false);
        var (table, ops) = await InterleavingOperations.WrapAsync(_warehouse, attempt => attempt == 0 ? RivalAppendsAsync("7") : Task.CompletedTask);
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 3), "mine", CancellationToken.None);
        var guardCalls = 0;

        var append = table.NewAppend().AddFiles(files).Set("kickstarter.epoch", "7");
        var snapshot = await append.CommitUnlessAsync(m =>
        {
            guardCalls++;
            return m.Snapshots.Any(s => s.Summary.TryGetValue("kickstarter.epoch", out var e) && e == "7");
        });

        Assert.Null(snapshot);
        Assert.Equal(2, guardCalls);
        Assert.Single(ops.CommitAttempts);
        Assert.Single(table.Metadata.Snapshots, s => s.Summary["kickstarter.epoch"] == "7");
        Assert.Empty(ManifestListsOf(append.SnapshotId));
    }

    [Fact]
    public async Task AValidationFailureIsNotRetried()
    {
        await _warehouse.CreateFlightTableAsync(Retries(4, 1, 5), partitioned: false);
        var (table, ops) = await InterleavingOperations.WrapAsync(_warehouse, _ => Task.CompletedTask);
        var stale = table.UpdateSchema().AddColumn("a", IcebergType.Long);
        var rival = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        await rival.UpdateSchema().AddColumn("b", IcebergType.Long).CommitAsync();

        await Assert.ThrowsAsync<ValidationException>(() => stale.CommitAsync());

        Assert.Equal(1, ops.Refreshes);
        Assert.Empty(ops.CommitAttempts);
    }
}
