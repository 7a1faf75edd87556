using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>
/// Filesystem table operations: metadata versions are <c>&lt;table&gt;/metadata/v&lt;N&gt;.metadata.json</c>; a commit
/// creates v&lt;N+1&gt; exclusively (losing the race means another writer won) and then rewrites
/// <c>version-hint.text</c>, which is only a hint: readers probe forward from it.
/// </summary>
internal sealed partial class HadoopTableOperations(IFileIO io, string tableLocation) : ITableOperations
{
    private const string VersionHintFile = "version-hint.text";

    public IFileIO Io { get; } = io;

    public string TableLocation { get; } = tableLocation.TrimEnd('/');

    private string MetadataDir => $"{TableLocation}/metadata";

    public string MetadataFileLocation(TableMetadata metadata, string fileName) => $"{MetadataDir}/{fileName}";

    public string VersionLocation(int version) => $"{MetadataDir}/v{version.ToString(CultureInfo.InvariantCulture)}.metadata.json";

    /// <summary>The newest version number, 0 when the table has none.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken ct)
    {
        var version = 0;
        var hint = $"{MetadataDir}/{VersionHintFile}";
        if (await Io.ExistsAsync(hint, ct).ConfigureAwait(false))
        {
            try
            {
                var text = Encoding.UTF8.GetString(await Io.ReadAsync(hint, ct).ConfigureAwait(false)).Trim();
                version = int.TryParse(text, CultureInfo.InvariantCulture, out var hinted) ? hinted : 0;
            }
            catch (FileNotFoundException)
            {
                version = 0;
            }
        }
        if (version == 0 || !await Io.ExistsAsync(VersionLocation(version), ct).ConfigureAwait(false))
        {
            // No usable hint: list the metadata folder.
            version = 0;
            await foreach (var entry in Io.ListAsync(MetadataDir, ct).ConfigureAwait(false))
            {
                var match = VersionFilePattern().Match(entry.Location);
                if (match.Success)
                {
                    version = Math.Max(version, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
        }
        // The hint is written after the version file, so it may lag: probe forward.
        while (await Io.ExistsAsync(VersionLocation(version + 1), ct).ConfigureAwait(false))
        {
            version++;
        }

        return version;
    }

    public async Task<TableMetadata> RefreshAsync(CancellationToken ct)
    {
        var version = await CurrentVersionAsync(ct).ConfigureAwait(false);
        if (version == 0)
        {
            throw new NoSuchTableException($"no table metadata under {MetadataDir}");
        }

        var location = VersionLocation(version);
        return TableMetadataJson.Parse(await Io.ReadAsync(location, ct).ConfigureAwait(false), location);
    }

    public async Task<TableMetadata?> TryCommitAsync(TableMetadata @base, TableMetadata updated, CancellationToken ct)
    {
        var baseVersion = @base.MetadataFileLocation is null ? 0 : ParseVersion(@base.MetadataFileLocation);
        var next = baseVersion + 1;
        var location = VersionLocation(next);
        if (!await Io.TryCreateAsync(location, TableMetadataJson.Serialize(updated), ct).ConfigureAwait(false))
        {
            return null;
        }

        await Io.WriteAsync($"{MetadataDir}/{VersionHintFile}", Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)), ct)
            .ConfigureAwait(false);
        return TableMetadataJson.Parse(TableMetadataJson.Serialize(updated), location);
    }

    private static int ParseVersion(string location)
    {
        var match = VersionFilePattern().Match(location);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{location}' is not a v<N>.metadata.json file");
    }

    [GeneratedRegex(@"/v(\d+)\.metadata\.json$")]
    private static partial Regex VersionFilePattern();
}
