using Kickstarter.Connectors.Iceberg.Options;

namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>
/// Checks and normalises the warehouse setting (<c>Iceberg:Warehouse</c>): a local path (absolute or relative),
/// a <c>file://</c> URI, or <c>s3://bucket/prefix</c>. Anything else is refused with one message naming the setting.
/// </summary>
public static class WarehouseLocation
{
    /// <summary>The configuration key of the warehouse.</summary>
    public const string Setting = "Iceberg:Warehouse";

    /// <summary>The one line that explains why the warehouse is unusable, or null when it is fine.</summary>
    public static string? Problem(string? warehouse)
    {
        if (string.IsNullOrWhiteSpace(warehouse))
        {
            return $"{Setting} must be set: a local path, file:///path or s3://bucket/prefix; got '{warehouse}'.";
        }

        var scheme = SchemeOf(warehouse);
        if (scheme is null || scheme == "file")
        {
            return null;
        }

        if (scheme == S3Location.Scheme)
        {
            var rest = warehouse[(scheme.Length + 3)..];
            var bucket = rest.Split('/')[0];
            return bucket.Length == 0 ? $"{Setting} must name a bucket (s3://bucket/prefix); got '{warehouse}'." : null;
        }
        return $"{Setting} has the unsupported scheme '{scheme}': use a local path, file:///path or s3://bucket/prefix; got '{warehouse}'.";
    }

    /// <summary>True for a local path or a <c>file://</c> URI: one host's disk (or a shared POSIX volume).</summary>
    public static bool IsLocal(string warehouse) => SchemeOf(warehouse) is null or "file";

    /// <summary>
    /// The one line that explains why <paramref name="catalog"/> cannot commit tables in <paramref name="warehouse"/>,
    /// or null when it can. The Hadoop catalog commits by creating the next metadata file exclusively; S3 has no atomic
    /// create (<see cref="S3FileIO.SupportsAtomicCreate"/>), so two writers could both "win" a commit there.
    /// </summary>
    public static string? CatalogProblem(string warehouse, IcebergCatalogType catalog) =>
        catalog == IcebergCatalogType.Hadoop && SchemeOf(warehouse) == S3Location.Scheme
            ? $"{Setting} '{warehouse}' is on S3, which has no atomic create for the Hadoop catalog's commits " +
              "(Iceberg:Catalog:Type=Hadoop, the default): set Iceberg:Catalog:Type=DynamoDb or Rest."
            : null;

    /// <summary>The warehouse as a location: s3:// and file:// URIs as given, a local path as its file:// URI.</summary>
    public static string ToLocation(string warehouse)
    {
        if (Problem(warehouse) is { } problem)
        {
            throw new ArgumentException(problem, nameof(warehouse));
        }

        return SchemeOf(warehouse) is null ? LocalFileIO.ToLocation(warehouse) : warehouse;
    }

    /// <summary>The lower-case URI scheme, or null for a plain path ("/data/w", "./w", "C:\w").</summary>
    internal static string? SchemeOf(string location)
    {
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return "file";
        }

        var separator = location.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var scheme = location[..separator];
        // "C://x" is a Windows drive, not a scheme; a scheme is letters, digits, '+', '-', '.' after a letter.
        var valid = scheme.Length > 1 && char.IsAsciiLetter(scheme[0])
            && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
        if (!valid)
        {
            return null;
        }

        return scheme.ToLowerInvariant();
    }
}
