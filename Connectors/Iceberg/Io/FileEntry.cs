namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>A file in a listing: location, size and last modification time.</summary>
public sealed record FileEntry(string Location, long Size, DateTimeOffset LastModified);
