namespace Kickstarter.Connectors.Iceberg.Maintenance;

/// <summary>What a compaction did.</summary>
public sealed record CompactionResult(int RewrittenFiles, int AddedFiles, int RewrittenPartitions, long? SnapshotId);
