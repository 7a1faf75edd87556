namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Snapshot operations of the spec.</summary>
internal static class SnapshotOperations
{
    /// <summary>Only data files were added.</summary>
    public const string Append = "append";
    /// <summary>Files were replaced without changing table data (compaction).</summary>
    public const string Replace = "replace";
    /// <summary>Files were added and removed in a logical overwrite.</summary>
    public const string Overwrite = "overwrite";
    /// <summary>Files were removed.</summary>
    public const string Delete = "delete";
}
