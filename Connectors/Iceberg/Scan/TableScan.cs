using System.Runtime.CompilerServices;
using Kickstarter.Connectors.Iceberg.Reader;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Iceberg.Transaction;

namespace Kickstarter.Connectors.Iceberg.Scan;

/// <summary>Scan planning: snapshot, manifest list, data manifests, live entries (not DELETED), then rows.</summary>
internal static class TableScan
{
    public static async Task<IReadOnlyList<DataFile>> PlanFilesAsync(
        Table table, TableMetadata metadata, Snapshot? snapshot, CancellationToken ct)
    {
        if (snapshot is null)
        {
            return [];
        }

        var result = new List<DataFile>();
        foreach (var manifest in await ManifestFiles.ReadManifestListAsync(table, snapshot, ct).ConfigureAwait(false))
        {
            if (manifest.Content != 0)
            {
                throw new NotSupportedException("delete manifests are not supported by this reader");
            }

            var entries = await ManifestFiles.ReadEntriesAsync(table, metadata, manifest, ct).ConfigureAwait(false);
            result.AddRange(entries.Where(e => e.Status != ManifestEntryStatus.Deleted).Select(e => e.DataFile));
        }
        return result;
    }

    public static async IAsyncEnumerable<object?[]> ScanAsync(Table table, [EnumeratorCancellation] CancellationToken ct)
    {
        var metadata = table.Metadata;
        foreach (var file in await PlanFilesAsync(table, metadata, metadata.CurrentSnapshot, ct).ConfigureAwait(false))
        {
            await foreach (var row in ParquetDataFileReader.ReadAsync(table.Io, file.FilePath, metadata.CurrentSchema, ct)
                .ConfigureAwait(false))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// File paths a snapshot references: its manifests and the data files of their entries (only live entries when
    /// <paramref name="liveOnly"/>; a DELETED entry names a file that is live only in older snapshots).
    /// </summary>
    public static async Task<(HashSet<string> Manifests, HashSet<string> DataFiles)> ReferencedFilesAsync(Table table,
        TableMetadata metadata, Snapshot snapshot, CancellationToken ct, bool liveOnly = false)
    {
        var manifests = new HashSet<string>(StringComparer.Ordinal);
        var data = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in await ManifestFiles.ReadManifestListAsync(table, snapshot, ct).ConfigureAwait(false))
        {
            manifests.Add(manifest.ManifestPath);
            foreach (var entry in await ManifestFiles.ReadEntriesAsync(table, metadata, manifest, ct).ConfigureAwait(false))
            {
                if (!liveOnly || entry.Status != ManifestEntryStatus.Deleted)
                {
                    data.Add(entry.DataFile.FilePath);
                }
            }
        }
        return (manifests, data);
    }
}
