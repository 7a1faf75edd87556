namespace Kickstarter.Connectors.Iceberg.Maintenance;

/// <summary>What snapshot expiry removed.</summary>
public sealed record ExpireSnapshotsResult(IReadOnlyList<long> ExpiredSnapshotIds, IReadOnlyList<string> DeletedFiles);
