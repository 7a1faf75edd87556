namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// A manifest entry (the spec's manifest_entry struct). Null snapshot id and sequence numbers of ADDED entries are
/// inherited from the manifest list when reading; EXISTING and DELETED entries carry them explicitly.
/// </summary>
internal sealed record ManifestEntry(
    ManifestEntryStatus Status,
    long? SnapshotId,
    long? SequenceNumber,
    long? FileSequenceNumber,
    DataFile DataFile);
