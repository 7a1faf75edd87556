namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>Content of a file tracked by a manifest.</summary>
internal enum FileContent
{
    /// <summary>Data rows.</summary>
    Data = 0,
    /// <summary>Position deletes.</summary>
    PositionDeletes = 1,
    /// <summary>Equality deletes.</summary>
    EqualityDeletes = 2,
}
