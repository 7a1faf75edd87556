using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;
using Kickstarter.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// One table through the REST catalog: load is <c>GET .../tables/{table}</c>; a commit is
/// <c>POST .../tables/{table}</c> with requirements and updates (<see cref="RestTableChanges"/>). 409 means a
/// requirement failed (another writer won): the commit loop reloads, re-applies and retries. 500, 502, 503, 504, a
/// timeout or a dropped connection leave the outcome unknown (CommitStateUnknown): the table is reloaded and checked
/// for the snapshots this commit added before anything is sent again; only a commit so proven not applied is resent,
/// by a retry pipeline with the client's budget (<see cref="RestHttp.Schedule"/>).
/// </summary>
internal sealed class RestTableOperations(RestHttp http, RestPaths paths, IFileIO io, TableIdentifier id, ILogger logger)
    : ITableOperations
{
    private readonly ResiliencePipeline<CommitAttempt> _commitPipeline = CommitPipeline(http, id, logger);

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
        var outcome = await _commitPipeline.ExecuteAsync(
            async token => await AttemptAsync(@base, request, added, operation, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        return outcome.NotLanded is { } failure ? throw http.GaveUp(operation, failure, null, "the table is unchanged") : outcome.Committed;
    }

    /// <summary>
    /// The commit's pipeline: only a commit proven not applied (the reload shows the table unchanged) is sent again;
    /// a landed commit, a lost race and every exception end it.
    /// </summary>
    private static ResiliencePipeline<CommitAttempt> CommitPipeline(RestHttp http, TableIdentifier id, ILogger logger) =>
        RetryPipelines.Create<CommitAttempt>("iceberg-rest-commit", http.Schedule,
            outcome => outcome.Result is { NotLanded: not null },
            (outcome, _, notice) =>
            {
                RestCatalogLog.CommitNotLanded(logger, id, outcome.Result!.NotLanded!);
                http.LogRetry($"updateTable {id}", outcome.Result.NotLanded!, notice);
            });

    /// <summary>
    /// Sends the commit once. An unknown outcome (500, 502, 503, 504, no answer) is resolved by reloading the table
    /// before anything is sent again: landed, lost to another writer, or not applied (then retried by the pipeline).
    /// </summary>
    private async Task<CommitAttempt> AttemptAsync(
        TableMetadata @base, JsonObject request, IReadOnlyList<long> added, string operation, CancellationToken ct)
    {
        string failure;
        try
        {
            var response = await http.SendOnceAsync(HttpMethod.Post, paths.Table(id), request, operation, ct).ConfigureAwait(false);
            switch (response.Status)
            {
                case >= 200 and < 300:
                    return new(ParseResult(http.Checked(response, RestShapes.CommitTableResponse, operation), operation), null);
                case 409:
                    RestCatalogLog.CommitConflict(logger, id, response.ErrorText);
                    return new(null, null);
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
            return new(current, null);
        }

        if (current.MetadataFileLocation != @base.MetadataFileLocation)
        {
            if (added.Count > 0)
            {
                return new(null, null); // others committed and ours is not there: a lost race, re-apply on the new state
            }

            throw new CommitStateUnknownException(
                $"commit of {id} ({failure}): the table changed meanwhile and this change has no snapshot to look for");
        }

        return new(null, failure); // unchanged: not applied, safe to send again
    }

    /// <summary>One attempt: the metadata now committed (null after a lost race), or why a commit proven not applied failed.</summary>
    private sealed record CommitAttempt(TableMetadata? Committed, string? NotLanded);
}
