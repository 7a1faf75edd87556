namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>
/// The storage operations an Iceberg table needs, on locations (URIs such as file:///x/y or s3://bucket/key).
/// Local files (<see cref="LocalFileIO"/>) and S3 (<see cref="S3FileIO"/>); <see cref="FileIOResolver"/> picks one by URI scheme.
/// </summary>
public interface IFileIO
{
    /// <summary>Reads a whole file; throws <see cref="FileNotFoundException"/> when absent.</summary>
    Task<byte[]> ReadAsync(string location, CancellationToken ct);

    /// <summary>Writes a file, replacing any existing one; readers see the old or the new content, never a mix.</summary>
    Task WriteAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>
    /// True when <see cref="TryCreateAsync"/> is atomic: of two racing creators exactly one wins. Catalogs that commit
    /// by creating the next metadata file (the Hadoop catalog) need it and refuse storage without it. Default: true
    /// (the contract this interface always had); implementations that cannot keep it say false.
    /// </summary>
    bool SupportsAtomicCreate => true;

    /// <summary>
    /// Creates a file only if it does not exist, atomically with its full content. Returns false, writing nothing,
    /// when a file exists at the location already: that is how metadata commits detect a concurrent writer.
    /// Throws <see cref="NotSupportedException"/> when <see cref="SupportsAtomicCreate"/> is false.
    /// </summary>
    Task<bool> TryCreateAsync(string location, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>True when a file exists at the location.</summary>
    Task<bool> ExistsAsync(string location, CancellationToken ct);

    /// <summary>Deletes a file; no error when it is absent.</summary>
    Task DeleteAsync(string location, CancellationToken ct);

    /// <summary>Lists every file under a location prefix (recursively).</summary>
    IAsyncEnumerable<FileEntry> ListAsync(string prefix, CancellationToken ct);
}
