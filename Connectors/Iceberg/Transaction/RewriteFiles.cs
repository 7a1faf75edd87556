using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>
/// Replaces data files by others holding the same rows (operation "replace", used by compaction). Each attempt
/// checks the files to delete are still live; manifests holding them are rewritten with those entries DELETED and
/// the rest EXISTING, both with explicit sequence numbers; the new files go into a new manifest.
/// </summary>
internal sealed class RewriteFiles : SnapshotProducer<RewriteFiles>
{
    private readonly List<DataFile> _added = [];
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

    internal RewriteFiles(Table table) : base(table) { }

    private protected override string Operation => SnapshotOperations.Replace;

    /// <summary>Files to remove from the table.</summary>
    public RewriteFiles DeleteFiles(IEnumerable<DataFile> files)
    {
        foreach (var file in files)
        {
            _deleted.Add(file.FilePath);
        }

        return this;
    }

    /// <summary>Files to add to the table.</summary>
    public RewriteFiles AddFiles(IEnumerable<DataFile> files)
    {
        _added.AddRange(files);
        return this;
    }

    private protected override async Task<(IReadOnlyList<ManifestFile>, IReadOnlyList<DataFile>, IReadOnlyList<DataFile>)> ApplyAsync(
        TableMetadata @base, CancellationToken ct)
    {
        var parent = @base.CurrentSnapshot ?? throw new ValidationException("cannot replace files in a table without snapshots");
        var manifests = new List<ManifestFile>();
        var removed = new List<DataFile>();
        var index = 1;
        foreach (var manifest in await ManifestFiles.ReadManifestListAsync(Table, parent, ct).ConfigureAwait(false))
        {
            if (manifest.AddedFilesCount + manifest.ExistingFilesCount == 0)
            {
                continue;
            }

            var entries = await ManifestFiles.ReadEntriesAsync(Table, @base, manifest, ct).ConfigureAwait(false);
            var live = entries.Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
            if (!live.Any(e => _deleted.Contains(e.DataFile.FilePath)))
            {
                manifests.Add(manifest);
                continue;
            }
            var rewritten = live.Select(e => _deleted.Contains(e.DataFile.FilePath)
                ? e with { Status = ManifestEntryStatus.Deleted, SnapshotId = SnapshotId }
                : e with { Status = ManifestEntryStatus.Existing }).ToList();
            removed.AddRange(live.Where(e => _deleted.Contains(e.DataFile.FilePath)).Select(e => e.DataFile));
            manifests.Add(await ManifestFiles.WriteManifestAsync(Table, @base, @base.SpecById(manifest.PartitionSpecId),
                ManifestName(index++), SnapshotId, rewritten, ct).ConfigureAwait(false));
        }
        var missing = _deleted.Except(removed.Select(f => f.FilePath), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new ValidationException(
                $"cannot replace {missing.Count} file(s) that are no longer in table {Table.Identifier}, e.g. {missing[0]}");
        }

        if (_added.Count > 0)
        {
            manifests.Insert(0, await ManifestFiles.WriteManifestAsync(Table, @base, @base.SpecById(_added[0].SpecId), ManifestName(0),
                SnapshotId, _added.Select(f => new ManifestEntry(ManifestEntryStatus.Added, SnapshotId, null, null, f)).ToList(), ct)
                .ConfigureAwait(false));
        }
        return (manifests, _added, removed);
    }
}
