using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>How one table's metadata is read and atomically swapped; a catalog supplies one per table.</summary>
internal interface ITableOperations
{
    /// <summary>Storage of the table's files.</summary>
    IFileIO Io { get; }

    /// <summary>Reads the newest committed metadata.</summary>
    Task<TableMetadata> RefreshAsync(CancellationToken ct);

    /// <summary>
    /// Commits <paramref name="updated"/> as the successor of <paramref name="base"/>. Returns the metadata as
    /// committed (with its file location) or null when another writer committed a successor of base first.
    /// </summary>
    Task<TableMetadata?> TryCommitAsync(TableMetadata @base, TableMetadata updated, CancellationToken ct);

    /// <summary>Location for a new metadata-tree file (manifest or manifest list) named <paramref name="fileName"/>.</summary>
    string MetadataFileLocation(TableMetadata metadata, string fileName);
}
