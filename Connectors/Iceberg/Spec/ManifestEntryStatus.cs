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
