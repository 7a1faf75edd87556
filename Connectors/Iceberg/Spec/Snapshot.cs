namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// A snapshot: the state of the table at some time, given by a manifest list. Summary carries "operation"
/// (append, replace, overwrite, delete) and the counters of the spec's Appendix F.
/// </summary>
/// <param name="SnapshotId">Unique, positive 63-bit id.</param>
/// <param name="ParentSnapshotId">Parent snapshot id, absent for the first snapshot.</param>
/// <param name="SequenceNumber">Monotonically increasing sequence number of the change.</param>
/// <param name="TimestampMs">Creation time in ms from the Unix epoch.</param>
/// <param name="ManifestList">Location of the manifest list file.</param>
/// <param name="Summary">String map with "operation" and counters.</param>
/// <param name="SchemaId">Current schema id when the snapshot was created.</param>
public sealed record Snapshot(
    long SnapshotId,
    long? ParentSnapshotId,
    long SequenceNumber,
    long TimestampMs,
    string ManifestList,
    IReadOnlyDictionary<string, string> Summary,
    int? SchemaId)
{
    /// <summary>The summary's operation.</summary>
    public string Operation => Summary.TryGetValue("operation", out var op) ? op : "append";
}
