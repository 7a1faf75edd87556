namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Status of a manifest entry.</summary>
internal enum ManifestEntryStatus
{
    /// <summary>Carried over from an earlier snapshot.</summary>
    Existing = 0,
    /// <summary>Added in the snapshot that wrote the manifest.</summary>
    Added = 1,
    /// <summary>Logically deleted by the snapshot that wrote the manifest.</summary>
    Deleted = 2,
}

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
