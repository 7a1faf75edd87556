using System.Collections.Concurrent;
using Kickstarter.Connectors.Iceberg;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;

namespace Kickstarter.Grains.Sinks;

/// <summary>The jobs' Iceberg tables in the configured catalog: created on first use, loaded once, maintained between epochs.</summary>
internal sealed class JobTables(ICatalog catalog)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Table>>> _tables = new();

    /// <summary>
    /// The table, created on first use with its schema and partition spec. A creation or load that failed (catalog or
    /// storage unreachable, a write refused) is not remembered: the next call tries again, so one failure does not fail
    /// this silo's epochs for good.
    /// </summary>
    public async Task<Table> GetAsync(OutputTable table, CancellationToken ct)
    {
        var lazy = _tables.GetOrAdd(table.Name, _ => new Lazy<Task<Table>>(() => CreateAsync(table)));
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            _tables.TryRemove(KeyValuePair.Create(table.Name, lazy));
            throw;
        }
    }

    /// <summary>Compaction, snapshot expiry and orphan removal on each table.</summary>
    public async Task MaintainAsync(IEnumerable<OutputTable> tables, CancellationToken ct)
    {
        foreach (var output in tables)
        {
            var table = await GetAsync(output, ct);
            await table.RewriteSmallFilesAsync(TargetFileSize(table), ct);
            await table.ExpireSnapshotsAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(1), retainLast: 10, ct);
            // Files of a prepared epoch are younger than the cutoff, so an in-flight commit never loses them.
            await table.DeleteOrphanFilesAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(1), new HashSet<string>(), ct);
        }
    }

    private static long TargetFileSize(Table table) =>
        table.Metadata.Properties.TryGetValue(TableProperties.TargetFileSizeBytes, out var text) && long.TryParse(text, out var size)
            ? size
            : TableProperties.TargetFileSizeBytesDefault;

    private async Task<Table> CreateAsync(OutputTable table)
    {
        var id = new TableIdentifier(Tables.Namespace.Split('.'), table.Name);
        return await catalog.CreateTableIfNotExistsAsync(id, table.Schema, table.Spec, properties: null, CancellationToken.None);
    }
}
