namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// A manifest list entry (the spec's manifest_file struct): where a manifest is, which spec wrote it, its sequence
/// numbers, file and row counts by status, and partition field summaries.
/// </summary>
internal sealed record ManifestFile
{
    /// <summary>Location of the manifest.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Length of the manifest in bytes.</summary>
    public required long ManifestLength { get; init; }

    /// <summary>Partition spec id used to write the manifest.</summary>
    public required int PartitionSpecId { get; init; }

    /// <summary>0: data, 1: deletes.</summary>
    public int Content { get; init; }

    /// <summary>Sequence number when the manifest was added.</summary>
    public required long SequenceNumber { get; init; }

    /// <summary>Minimum data sequence number of live files in the manifest.</summary>
    public required long MinSequenceNumber { get; init; }

    /// <summary>Snapshot id that added the manifest.</summary>
    public required long AddedSnapshotId { get; init; }

    public int AddedFilesCount { get; init; }
    public int ExistingFilesCount { get; init; }
    public int DeletedFilesCount { get; init; }
    public long AddedRowsCount { get; init; }
    public long ExistingRowsCount { get; init; }
    public long DeletedRowsCount { get; init; }

    /// <summary>One summary per partition field of the spec.</summary>
    public IReadOnlyList<PartitionFieldSummary>? Partitions { get; init; }
}
