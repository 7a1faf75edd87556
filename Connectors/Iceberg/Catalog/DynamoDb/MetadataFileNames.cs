using System.Globalization;
using System.Text.RegularExpressions;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>
/// Metadata file names of metastore catalogs (as Apache Iceberg's BaseMetastoreTableOperations names them):
/// <c>&lt;table&gt;/metadata/&lt;version, 5 digits&gt;-&lt;uuid&gt;.metadata.json</c>, version 0 for a new table. The
/// random part makes every attempt's name unique, so files are never overwritten and the catalog's pointer swap
/// alone decides which one is current.
/// </summary>
internal static partial class MetadataFileNames
{
    public static string Next(string tableLocation, string? currentMetadataLocation) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{tableLocation.TrimEnd('/')}/metadata/{Version(currentMetadataLocation) + 1:D5}-{Guid.NewGuid():D}.metadata.json");

    /// <summary>The version of a metadata file name; -1 when there is none or it does not follow the pattern.</summary>
    public static int Version(string? metadataLocation)
    {
        if (metadataLocation is null)
        {
            return -1;
        }

        var match = VersionPattern().Match(metadataLocation);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"/(\d+)-[^/]*\.metadata\.json$")]
    private static partial Regex VersionPattern();
}
