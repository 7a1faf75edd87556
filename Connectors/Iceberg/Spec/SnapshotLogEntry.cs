namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>An entry of snapshot-log: a change of the current snapshot at a time.</summary>
internal sealed record SnapshotLogEntry(long TimestampMs, long SnapshotId);
