namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>A named reference to a snapshot: a branch (like "main") or a tag, with optional retention settings.</summary>
internal sealed record SnapshotRef(
    long SnapshotId,
    string Type,
    int? MinSnapshotsToKeep = null,
    long? MaxSnapshotAgeMs = null,
    long? MaxRefAgeMs = null)
{
    /// <summary>The name of the main branch.</summary>
    public const string MainBranch = "main";

    /// <summary>A branch reference.</summary>
    public static SnapshotRef Branch(long snapshotId) => new(snapshotId, "branch");
}
