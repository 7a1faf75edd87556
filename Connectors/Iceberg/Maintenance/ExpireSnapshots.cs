using Kickstarter.Connectors.Iceberg.Scan;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Connectors.Iceberg.Transaction;

namespace Kickstarter.Connectors.Iceberg.Maintenance;

/// <summary>
/// Snapshot expiry (spec: Snapshot Retention Policy, simplified to main): keeps referenced snapshots, the newest
/// <c>retainLast</c> ancestors of main and every snapshot not older than the cutoff; removes the rest from metadata,
/// then deletes manifest lists, manifests and data files that no retained snapshot references.
/// </summary>
internal static class ExpireSnapshots
{
    public static async Task<ExpireSnapshotsResult> ExecuteAsync(
        Table table, DateTimeOffset olderThan, int retainLast, CancellationToken ct)
    {
        if (retainLast < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retainLast), retainLast, "at least the current snapshot is retained");
        }

        var cutoff = olderThan.ToUnixTimeMilliseconds();
        var expiredIds = new HashSet<long>();
        TableMetadata before = table.Metadata;
        var committed = await CommitRetry.RunAsync(table, (@base, _) =>
        {
            before = @base;
            var retain = new HashSet<long>(@base.Refs.Values.Select(r => r.SnapshotId));
            var ancestor = @base.CurrentSnapshot;
            for (var i = 0; ancestor is not null && i < retainLast; i++)
            {
                retain.Add(ancestor.SnapshotId);
                ancestor = ancestor.ParentSnapshotId is { } p ? @base.SnapshotById(p) : null;
            }
            expiredIds = @base.Snapshots.Where(s => !retain.Contains(s.SnapshotId) && s.TimestampMs < cutoff).Select(s => s.SnapshotId)
                .ToHashSet();
            var now = table.Environment.Clock().ToUnixTimeMilliseconds();
            return Task.FromResult<TableMetadata?>(TableMetadataBuilder.From(@base).RemoveSnapshots(expiredIds).Build(now));
        }, null, ct).ConfigureAwait(false);

        var keepManifests = new HashSet<string>(StringComparer.Ordinal);
        var keepData = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in committed.Snapshots)
        {
            var (manifests, dataFiles) = await TableScan.ReferencedFilesAsync(table, committed, snapshot, ct, liveOnly: true)
                .ConfigureAwait(false);
            keepManifests.UnionWith(manifests);
            keepData.UnionWith(dataFiles);
        }
        // Collect first, delete after: expired snapshots share manifests, so deleting while reading would break the next read.
        var candidates = new List<string>();
        foreach (var snapshot in before.Snapshots.Where(snapshot => expiredIds.Contains(snapshot.SnapshotId)))
        {
            if (!await table.Io.ExistsAsync(snapshot.ManifestList, ct).ConfigureAwait(false))
            {
                continue;
            }

            var (manifests, data) = await TableScan.ReferencedFilesAsync(table, before, snapshot, ct).ConfigureAwait(false);
            candidates.AddRange(data.Where(p => !keepData.Contains(p)));
            candidates.AddRange(manifests.Where(p => !keepManifests.Contains(p)));
            candidates.Add(snapshot.ManifestList);
        }
        var deleted = candidates.Distinct(StringComparer.Ordinal).ToList();
        foreach (var path in deleted)
        {
            await table.Io.DeleteAsync(path, ct).ConfigureAwait(false);
        }

        return new ExpireSnapshotsResult(expiredIds.ToList(), deleted);
    }
}
