using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Maintenance;
using Kickstarter.Connectors.Iceberg.Reader;
using Kickstarter.Connectors.Iceberg.Scan;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Iceberg.Transaction;
using Kickstarter.Connectors.Iceberg.Writer;

namespace Kickstarter.Connectors.Iceberg;

/// <summary>
/// An Iceberg table: its current metadata, data file writing and reading, and the operations that commit new
/// snapshots (append, replace by compaction, schema update) or clean up (expire snapshots, delete orphan files).
/// Every commit reloads the current metadata, re-applies itself and retries with backoff when it lost a race.
/// </summary>
public sealed class Table
{
    private TableMetadata _metadata;

    internal Table(TableIdentifier identifier, ITableOperations operations, TableMetadata metadata, TableEnvironment environment)
    {
        Identifier = identifier;
        Operations = operations;
        _metadata = metadata;
        Environment = environment;
    }

    /// <summary>The table's name.</summary>
    public TableIdentifier Identifier { get; }

    /// <summary>The metadata last loaded or committed by this instance.</summary>
    public TableMetadata Metadata => Volatile.Read(ref _metadata);

    /// <summary>The table's storage.</summary>
    public IFileIO Io => Operations.Io;

    internal ITableOperations Operations { get; }

    internal TableEnvironment Environment { get; }

    internal void SetMetadata(TableMetadata metadata) => Volatile.Write(ref _metadata, metadata);

    /// <summary>Reloads the newest committed metadata.</summary>
    public async Task<TableMetadata> RefreshAsync(CancellationToken ct)
    {
        var metadata = await Operations.RefreshAsync(ct).ConfigureAwait(false);
        SetMetadata(metadata);
        return metadata;
    }

    /// <summary>
    /// Writes rows (values in current schema field order: string, int, long, bool, float, double, decimal, DateOnly,
    /// DateTimeOffset) as Parquet data files, one set per partition; nothing is committed yet.
    /// File names are <c>&lt;filePrefix&gt;-&lt;partition index&gt;-&lt;n&gt;.parquet</c> under <c>data/&lt;partition path&gt;/</c>.
    /// </summary>
    public Task<IReadOnlyList<DataFile>> WriteDataFilesAsync(IReadOnlyList<object?[]> rows, string filePrefix, CancellationToken ct) =>
        new ParquetDataFileWriter(Io, Metadata).WriteAsync(rows, filePrefix, ct);

    /// <summary>Starts an append of data files (a fast append: one new manifest, earlier manifests kept).</summary>
    public AppendFiles NewAppend() => new(this);

    /// <summary>Starts a replace of data files by others holding the same rows (operation "replace").</summary>
    internal RewriteFiles NewRewrite() => new(this);

    /// <summary>Starts a schema change.</summary>
    internal UpdateSchema UpdateSchema() => new(this, Metadata);

    /// <summary>The live data files of the current snapshot, read through manifest list and manifests.</summary>
    public Task<IReadOnlyList<DataFile>> PlanFilesAsync(CancellationToken ct) =>
        TableScan.PlanFilesAsync(this, Metadata, Metadata.CurrentSnapshot, ct);

    /// <summary>Reads one data file's rows in current schema order (columns the file lacks are null).</summary>
    public IAsyncEnumerable<object?[]> ReadDataFileRowsAsync(DataFile file, CancellationToken ct) =>
        ParquetDataFileReader.ReadAsync(Io, file.FilePath, Metadata.CurrentSchema, ct);

    /// <summary>All rows of the current snapshot: manifest list, manifests, then data files.</summary>
    public IAsyncEnumerable<object?[]> ScanAsync(CancellationToken ct) => TableScan.ScanAsync(this, ct);

    /// <summary>Compacts each partition's files smaller than the target into files near the target, in one replace snapshot.</summary>
    public Task<CompactionResult> RewriteSmallFilesAsync(long targetSizeBytes, CancellationToken ct) =>
        Compaction.RewriteSmallFilesAsync(this, targetSizeBytes, ct);

    /// <summary>Removes snapshots older than the cutoff, keeping the newest <paramref name="retainLast"/>, then deletes files only they
    /// referenced.</summary>
    public Task<ExpireSnapshotsResult> ExpireSnapshotsAsync(DateTimeOffset olderThan, int retainLast, CancellationToken ct) =>
        ExpireSnapshots.ExecuteAsync(this, olderThan, retainLast, ct);

    /// <summary>Deletes files under the table location that no snapshot references, older than the cutoff and not protected.</summary>
    public Task<IReadOnlyList<string>> DeleteOrphanFilesAsync(
        DateTimeOffset olderThan, IReadOnlySet<string> protectedPaths, CancellationToken ct) =>
        OrphanFiles.DeleteAsync(this, olderThan, protectedPaths, ct);
}
