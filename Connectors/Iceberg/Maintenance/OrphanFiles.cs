using Kickstarter.Connectors.Iceberg.Scan;
namespace Kickstarter.Connectors.Iceberg.Maintenance;

/// <summary>
/// Orphan file removal: lists every file under the table location and deletes those that are not table metadata
/// files, not referenced by any snapshot (manifest lists, manifests, data files), not protected by the caller
/// (e.g. prepared but not yet committed files) and last modified before the cutoff.
/// </summary>
internal static class OrphanFiles
{
    public static async Task<IReadOnlyList<string>> DeleteAsync(Table table, DateTimeOffset olderThan, IReadOnlySet<string> protectedPaths,
        CancellationToken ct)
    {
        var metadata = await table.RefreshAsync(ct).ConfigureAwait(false);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in metadata.Snapshots)
        {
            referenced.Add(Key(snapshot.ManifestList));
            var (manifests, data) = await TableScan.ReferencedFilesAsync(table, metadata, snapshot, ct).ConfigureAwait(false);
            referenced.UnionWith(manifests.Select(Key));
            referenced.UnionWith(data.Select(Key));
        }
        var isProtected = protectedPaths.Select(Key).ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        await foreach (var file in table.Io.ListAsync(metadata.Location, ct).ConfigureAwait(false))
        {
            var key = Key(file.Location);
            if (key.EndsWith(".metadata.json", StringComparison.Ordinal) || key.EndsWith("/version-hint.text", StringComparison.Ordinal))
            {
                continue;
            }

            if (referenced.Contains(key) || isProtected.Contains(key) || file.LastModified >= olderThan)
            {
                continue;
            }

            await table.Io.DeleteAsync(file.Location, ct).ConfigureAwait(false);
            deleted.Add(file.Location);
        }
        return deleted;
    }

    /// <summary>Compares locations by their unescaped form, so "a%20b" and "a b" are the same file.</summary>
    private static string Key(string location) => Uri.UnescapeDataString(location);
}
