using Kickstarter.Connectors.Iceberg.Reader;
using Kickstarter.Connectors.Iceberg.Scan;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Iceberg.Transaction;
using Kickstarter.Connectors.Iceberg.Writer;

namespace Kickstarter.Connectors.Iceberg.Maintenance;

/// <summary>
/// Bin-packing compaction: in each partition, files smaller than the target are read and rewritten as files near
/// the target; all partitions are swapped in one "replace" snapshot, so readers see old or new files, never both.
/// </summary>
internal static class Compaction
{
    public static async Task<CompactionResult> RewriteSmallFilesAsync(Table table, long targetSizeBytes, CancellationToken ct)
    {
        if (targetSizeBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetSizeBytes), targetSizeBytes, "target size must be positive");
        }

        var metadata = await table.RefreshAsync(ct).ConfigureAwait(false);
        var files = await TableScan.PlanFilesAsync(table, metadata, metadata.CurrentSnapshot, ct).ConfigureAwait(false);
        var groups = files
            .Where(f => f.FileSizeInBytes < targetSizeBytes && f.SpecId == metadata.DefaultSpecId)
            .GroupBy(f => SnapshotSummary.PartitionKey(f, metadata.CurrentSchema, metadata), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        if (groups.Count == 0)
        {
            return new CompactionResult(0, 0, 0, null);
        }

        var properties = metadata.Properties.ToDictionary(p => p.Key, p => p.Value);
        properties[TableProperties.TargetFileSizeBytes] = targetSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var writeMetadata = TableMetadataBuilder.From(metadata).SetProperties(properties).Build(metadata.LastUpdatedMs);
        var writer = new ParquetDataFileWriter(table.Io, writeMetadata);
        var rewrite = table.NewRewrite();
        var removed = new List<DataFile>();
        var added = new List<DataFile>();
        var prefix = $"compact-{Guid.NewGuid():N}";
        var groupIndex = 0;
        foreach (var group in groups)
        {
            var rows = new List<object?[]>();
            foreach (var file in group)
            {
                await foreach (var row in ParquetDataFileReader.ReadAsync(table.Io, file.FilePath, metadata.CurrentSchema, ct)
                    .ConfigureAwait(false))
                {
                    rows.Add(row);
                }
            }
            added.AddRange(await writer.WriteAsync(rows, $"{prefix}-{groupIndex++}", ct).ConfigureAwait(false));
            removed.AddRange(group);
        }
        var snapshot = await rewrite.DeleteFiles(removed).AddFiles(added).CommitAsync(ct).ConfigureAwait(false);
        return new CompactionResult(removed.Count, added.Count, groups.Count, snapshot.SnapshotId);
    }
}
