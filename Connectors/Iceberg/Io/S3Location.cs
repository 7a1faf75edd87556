namespace Kickstarter.Connectors.Iceberg.Io;

/// <summary>
/// An object location <c>s3://bucket/key</c>. The key is the text after the bucket as written (not URL-unescaped),
/// as Iceberg's Java S3FileIO does, so a location read from metadata names the same object it was written to.
/// </summary>
internal readonly record struct S3Location(string Bucket, string Key)
{
    public const string Scheme = "s3";
    private const string Prefix = "s3://";

    /// <summary>True when the location starts with <c>s3://</c>.</summary>
    public static bool IsS3(string location) => location.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket/key</c>; the key may be empty (the bucket's root).</summary>
    public static S3Location Parse(string location)
    {
        if (!IsS3(location))
        {
            throw new ArgumentException($"'{location}' is not an s3://bucket/key location", nameof(location));
        }

        var rest = location[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            throw new ArgumentException($"'{location}' names no bucket (expected s3://bucket/key)", nameof(location));
        }

        return new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    public override string ToString() => $"{Prefix}{Bucket}/{Key}";
}
