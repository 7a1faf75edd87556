using Kickstarter.Connectors.Iceberg.Avro;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Transaction;

/// <summary>Writes manifests and manifest lists through the table's IO, and reads them back.</summary>
internal static class ManifestFiles
{
    /// <summary>
    /// Writes a manifest and returns its manifest list entry. Sequence numbers of the entry are placeholders
    /// (0): the commit stamps the snapshot's sequence number when it writes the manifest list.
    /// </summary>
    public static async Task<ManifestFile> WriteManifestAsync(Table table, TableMetadata metadata, PartitionSpec spec, string fileName,
        long snapshotId, IReadOnlyList<ManifestEntry> entries, CancellationToken ct)
    {
        var schema = metadata.CurrentSchema;
        var bytes = ManifestWriter.Write(schema, spec, entries);
        var location = table.Operations.MetadataFileLocation(metadata, fileName);
        await table.Io.WriteAsync(location, bytes, ct).ConfigureAwait(false);
        var live = entries.Where(e => e.Status != ManifestEntryStatus.Deleted).ToList();
        return new ManifestFile
        {
            ManifestPath = location,
            ManifestLength = bytes.Length,
            PartitionSpecId = spec.SpecId,
            Content = 0,
            SequenceNumber = 0,
            MinSequenceNumber = live.Where(e => e.Status == ManifestEntryStatus.Existing).Select(e => e.SequenceNumber ?? 0)
                .DefaultIfEmpty(0).Min(),
            AddedSnapshotId = snapshotId,
            AddedFilesCount = entries.Count(e => e.Status == ManifestEntryStatus.Added),
            ExistingFilesCount = entries.Count(e => e.Status == ManifestEntryStatus.Existing),
            DeletedFilesCount = entries.Count(e => e.Status == ManifestEntryStatus.Deleted),
            AddedRowsCount = entries.Where(e => e.Status == ManifestEntryStatus.Added).Sum(e => e.DataFile.RecordCount),
            ExistingRowsCount = entries.Where(e => e.Status == ManifestEntryStatus.Existing).Sum(e => e.DataFile.RecordCount),
            DeletedRowsCount = entries.Where(e => e.Status == ManifestEntryStatus.Deleted).Sum(e => e.DataFile.RecordCount),
            Partitions = PartitionSummaries.Summarize(spec.PartitionType(schema), entries.Select(e => e.DataFile.Partition)),
        };
    }

    /// <summary>Stamps new manifests (sequence number 0) with the snapshot's sequence number; older ones keep theirs.</summary>
    public static ManifestFile Stamp(ManifestFile manifest, long snapshotId, long sequenceNumber)
    {
        if (manifest.AddedSnapshotId != snapshotId)
        {
            return manifest;
        }

        var hasOnlyNew = manifest.ExistingFilesCount == 0;
        return manifest with
        {
            SequenceNumber = sequenceNumber,
            MinSequenceNumber = hasOnlyNew ? sequenceNumber : Math.Min(manifest.MinSequenceNumber, sequenceNumber),
        };
    }

    public static async Task<IReadOnlyList<ManifestFile>> ReadManifestListAsync(Table table, Snapshot snapshot, CancellationToken ct) =>
        ManifestListReader.Read(await table.Io.ReadAsync(snapshot.ManifestList, ct).ConfigureAwait(false));

    public static async Task<IReadOnlyList<ManifestEntry>> ReadEntriesAsync(
        Table table, TableMetadata metadata, ManifestFile manifest, CancellationToken ct) =>
        ManifestReader.Read(await table.Io.ReadAsync(manifest.ManifestPath, ct).ConfigureAwait(false), manifest, metadata);
}
