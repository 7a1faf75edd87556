using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>
/// A fast append: the added files go into one new manifest (entries ADDED, snapshot id set, sequence numbers
/// null so they inherit the snapshot's), and every manifest of the parent snapshot is kept. Appends never conflict
/// with each other, so a lost race only rewrites the manifest list.
/// </summary>
public sealed class AppendFiles : SnapshotProducer<AppendFiles>
{
    private readonly List<DataFile> _files = [];
    private Spec.ManifestFile? _written;

    internal AppendFiles(Table table) : base(table) { }

    private protected override string Operation => SnapshotOperations.Append;

    /// <summary>Adds one data file.</summary>
    public AppendFiles AddFile(DataFile file)
    {
        _files.Add(file);
        return this;
    }

    /// <summary>Adds data files.</summary>
    public AppendFiles AddFiles(IEnumerable<DataFile> files)
    {
        _files.AddRange(files);
        return this;
    }

    private protected override async Task<(IReadOnlyList<Spec.ManifestFile>, IReadOnlyList<DataFile>, IReadOnlyList<DataFile>)> ApplyAsync(
        TableMetadata @base, CancellationToken ct)
    {
        var manifests = new List<Spec.ManifestFile>();
        if (_files.Count > 0)
        {
            if (_files.Select(f => f.SpecId).Distinct().Count() > 1)
            {
                throw new ArgumentException("all appended files of one commit must share a partition spec");
            }

            if (_files.Select(f => f.FilePath).Distinct(StringComparer.Ordinal).Count() != _files.Count)
            {
                throw new ArgumentException("a data file is appended twice in one commit");
            }
            // Written once: entries carry no sequence number, so the same manifest is valid for every attempt.
            _written ??= await ManifestFiles.WriteManifestAsync(Table, @base, @base.SpecById(_files[0].SpecId), ManifestName(0), SnapshotId,
                _files.Select(f => new ManifestEntry(ManifestEntryStatus.Added, SnapshotId, null, null, f)).ToList(), ct)
                    .ConfigureAwait(false);
            manifests.Add(_written);
        }
        if (@base.CurrentSnapshot is { } parent)
        {
            var parentManifests = await ManifestFiles.ReadManifestListAsync(Table, parent, ct).ConfigureAwait(false);
            manifests.AddRange(parentManifests.Where(m => m.AddedFilesCount + m.ExistingFilesCount > 0));
        }
        return (manifests, _files, []);
    }
}
