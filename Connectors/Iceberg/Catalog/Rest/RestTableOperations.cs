using System.Text;
using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// One table through the REST catalog: load is <c>GET .../tables/{table}</c>; a commit is
/// <c>POST .../tables/{table}</c> with requirements and updates (<see cref="RestTableChanges"/>). 409 means a
/// requirement failed (another writer won): the commit loop reloads, re-applies and retries. 500, 502, 503, 504, a
/// timeout or a dropped connection leave the outcome unknown (CommitStateUnknown): the table is reloaded and checked
/// for the snapshots this commit added before anything is sent again.
/// </summary>
internal sealed class RestTableOperations(RestHttp http, RestPaths paths, IFileIO io, TableIdentifier id, int maxRetries, ILogger logger)
    : ITableOperations
{
    public IFileIO Io { get; } = io;

    public string MetadataFileLocation(TableMetadata metadata, string fileName) => $"{metadata.Location.TrimEnd('/')}/metadata/{fileName}";

    public async Task<TableMetadata> RefreshAsync(CancellationToken ct)
    {
        var response = await http.SendAsync(HttpMethod.Get, paths.Table(id), null, $"loadTable {id}", ct).ConfigureAwait(false);
        if (response.Status == 404)
        {
            throw new NoSuchTableException($"table {id} does not exist in the REST catalog at {http.BaseUri}: {response.ErrorText}");
        }

        if (!response.IsSuccess)
        {
            throw http.Unexpected(response, $"loadTable {id}");
        }

        return ParseResult(http.Checked(response, RestShapes.LoadTableResult, $"loadTable {id}"), $"loadTable {id}");
    }

    /// <summary>Reads the metadata of a LoadTableResult or CommitTableResponse body with the spec model's parser.</summary>
    public TableMetadata ParseResult(JsonElement body, string operation)
    {
        var location = body.TryGetProperty("metadata-location", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        try
        {
            return TableMetadataJson.Parse(Encoding.UTF8.GetBytes(body.GetProperty("metadata").GetRawText()), location);
        }
        catch (Exception error) when (
            error is KeyNotFoundException or InvalidOperationException or FormatException or JsonException or NotSupportedException)
        {
            throw http.Protocol(operation, $"$.metadata is not format-version 2 table metadata this client can read ({error.Message})");
        }
    }

    public async Task<TableMetadata?> TryCommitAsync(TableMetadata @base, TableMetadata updated, CancellationToken ct)
    {
        var (request, added) = RestTableChanges.Build(@base, updated);
        var operation = $"updateTable {id}";
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                var response = await http.SendOnceAsync(HttpMethod.Post, paths.Table(id), request, operation, ct).ConfigureAwait(false);
                switch (response.Status)
                {
                    case >= 200 and < 300:
                        return ParseResult(http.Checked(response, RestShapes.CommitTableResponse, operation), operation);
                    case 409:
                        RestCatalogLog.CommitConflict(logger, id, response.ErrorText);
                        return null;
                    case 404:
                        throw new NoSuchTableException(
                            $"table {id} does not exist in the REST catalog at {http.BaseUri}: {response.ErrorText}");
                    case >= 500:
                        failure = response.ErrorText;
                        break;
                    default:
                        throw http.Unexpected(response, operation);
                }
            }
            catch (RestTransportException transport)
            {
                failure = transport.Message;
            }

            // The spec: 500, 502 and 504 on this route mean CommitStateUnknown; a 503 may have partially processed it.
            RestCatalogLog.CommitStateUnknown(logger, id, failure);
            TableMetadata current;
            try
            {
                current = await RefreshAsync(ct).ConfigureAwait(false);
            }
            catch (CatalogUnavailableException unreachable)
            {
                throw new CommitStateUnknownException(
                    $"commit of {id} may or may not have been applied ({failure}), and reloading the table failed: {unreachable.Message}",
                        unreachable);
            }

            if (added.Count > 0 && added.All(s => current.SnapshotById(s) is not null))
            {
                RestCatalogLog.CommitLanded(logger, id, failure);
                return current;
            }

            if (current.MetadataFileLocation != @base.MetadataFileLocation)
            {
                if (added.Count > 0)
                {
                    return null; // others committed and ours is not there: a lost race, re-apply on the new state
                }

                throw new CommitStateUnknownException(
                    $"commit of {id} ({failure}): the table changed meanwhile and this change has no snapshot to look for");
            }

            if (attempt >= maxRetries)
            {
                throw new CatalogUnavailableException(
                    $"REST catalog at {http.BaseUri} (setting Iceberg:Catalog:Rest:Uri) failed {operation} {attempt + 1} times " +
                    $"(Iceberg:Catalog:Rest:MaxRetries={maxRetries}); the table is unchanged; last error {failure}");
            }

            RestCatalogLog.CommitNotLanded(logger, id, failure);
            await http.PauseAsync(operation, failure, attempt, ct).ConfigureAwait(false);
        }
    }
}
