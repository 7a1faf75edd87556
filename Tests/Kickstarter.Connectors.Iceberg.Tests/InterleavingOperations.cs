using System.Diagnostics;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>
/// Real table operations with a hook that runs just before each commit attempt, so a test can let a rival writer
/// commit in between (a genuinely lost race, not a faked one) and count what the retry loop did.
/// </summary>
internal sealed class InterleavingOperations(ITableOperations inner, Func<int, Task> beforeCommit) : ITableOperations
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Refreshes { get; private set; }

    /// <summary>When each commit attempt started, from the creation of this wrapper.</summary>
    public List<TimeSpan> CommitAttempts { get; } = [];

    public IFileIO Io => inner.Io;

    public Task<TableMetadata> RefreshAsync(CancellationToken ct)
    {
        Refreshes++;
        return inner.RefreshAsync(ct);
    }

    public async Task<TableMetadata?> TryCommitAsync(TableMetadata @base, TableMetadata updated, CancellationToken ct)
    {
        CommitAttempts.Add(_clock.Elapsed);
        await beforeCommit(CommitAttempts.Count - 1);
        return await inner.TryCommitAsync(@base, updated, ct);
    }

    public string MetadataFileLocation(TableMetadata metadata, string fileName) => inner.MetadataFileLocation(metadata, fileName);

    /// <summary>A table whose commits go through this wrapper over the Hadoop operations of the warehouse's flight table.</summary>
    public static async Task<(Table Table, InterleavingOperations Operations)> WrapAsync(
        TempWarehouse warehouse, Func<int, Task> beforeCommit, TableEnvironment? environment = null)
    {
        var inner = new HadoopTableOperations(warehouse.Io, LocalFileIO.ToLocation(warehouse.TableDir));
        var ops = new InterleavingOperations(inner, beforeCommit);
        var metadata = await inner.RefreshAsync(CancellationToken.None);
        return (new Table(TempWarehouse.FlightId, ops, metadata, environment ?? TableEnvironment.Default), ops);
    }
}
