using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Kickstarter.Connectors.Iceberg.Io;
using Microsoft.AspNetCore.Http;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>The routes of the test catalog: authentication, namespaces, tables, commits.</summary>
public sealed partial class RestCatalogServer
{
    private async Task TokenAsync(HttpContext context, byte[] body)
    {
        // OAuthClientCredentialsRequest: grant_type=client_credentials, client_id and client_secret required.
        var form = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body));
        if (form["grant_type"] != "client_credentials" || form["client_id"] is null || form["client_secret"] is null)
        {
            lock (_lock)
            {
                Violations.Add("request getToken: grant_type, client_id and client_secret are required");
            }

            await JsonAsync(context, 400, new JsonObject { ["error"] = "invalid_request" }, null, "getToken");
            return;
        }

        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await JsonAsync(context, 401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "unknown client" }, null, "getToken");
            return;
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        lock (_lock)
        {
            _tokens.Add(token);
        }

        await JsonAsync(context, 200, new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = 3600,
            ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        }, RestSpecShapes.OAuthTokenResponse, "getToken");
    }

    private async Task<bool> AuthorizedAsync(HttpContext context, string rawTarget, byte[] body)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        switch (Auth)
        {
            case ServerAuth.OAuth2:
                var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
                bool known;
                lock (_lock)
                {
                    known = token is not null && _tokens.Contains(token);
                    if (token is not null)
                    {
                        BearerTokens.Add(token);
                    }
                }

                if (known)
                {
                    return true;
                }

                await ErrorAsync(context, 401, "NotAuthorizedException", "missing or unknown bearer token");
                return false;
            case ServerAuth.SigV4:
                var problem = CheckSignature(context.Request, rawTarget, body, authorization);
                if (problem is null)
                {
                    lock (_lock)
                    {
                        VerifiedSignatures++;
                    }

                    return true;
                }

                await ErrorAsync(context, 403, "NotAuthorizedException", problem);
                return false;
            default:
                return true;
        }
    }

    private static string? CheckSignature(HttpRequest request, string rawTarget, byte[] body, string authorization)
    {
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return "no SigV4 Authorization header";
        }

        var signedHeaders = match.Groups["signed"].Value;
        if (!signedHeaders.Split(';').Contains("host") || !signedHeaders.Split(';').Contains("x-amz-date"))
        {
            return "host and x-amz-date must be signed";
        }

        if (match.Groups["service"].Value != SigningName || match.Groups["region"].Value != Region)
        {
            return "wrong signing scope";
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } claimed && claimed != hash)
        {
            return "x-amz-content-sha256 does not match the body";
        }

        var headers = request.Headers.SelectMany(h => h.Value.Select(v => (h.Key, v ?? ""))).ToList();
        var expected = SigV4Verifier.ExpectedAuthorization(request.Method, rawTarget, headers, body, AccessKey, SecretKey, Region, SigningName, signedHeaders);
        return expected == authorization ? null : "signature mismatch";
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/]+/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, "
        + @"SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();

    private void ListNamespaces(HttpContext context, out JsonObject result)
    {
        var parent = context.Request.Query["parent"].ToString();
        var parentLevels = parent.Length == 0 ? [] : parent.Split('\u001f');
        lock (_lock)
        {
            var children = _namespaces.Keys.Select(k => k.Split('\u001f'))
                .Where(l => l.Length == parentLevels.Length + 1 && l.Take(parentLevels.Length).SequenceEqual(parentLevels))
                .Select(l => (JsonNode?)new JsonArray(l.Select(x => (JsonNode?)x).ToArray())).ToArray();
            result = new JsonObject { ["namespaces"] = new JsonArray(children), ["next-page-token"] = null };
        }
    }

    private async Task CreateNamespaceAsync(HttpContext context, byte[] body)
    {
        var request = ParseRequest(body, RestSpecShapes.CreateNamespaceRequest, "createNamespace", out var problem);
        if (request is null)
        {
            await ErrorAsync(context, 400, "BadRequestException", problem!);
            return;
        }

        var levels = request["namespace"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        var properties = request["properties"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) ?? [];
        bool created;
        lock (_lock)
        {
            created = _namespaces.TryAdd(NamespaceKey(levels), properties);
        }

        if (!created)
        {
            await ErrorAsync(context, 409, "AlreadyExistsException", $"namespace {string.Join('.', levels)} exists");
            return;
        }

        await JsonAsync(context, 200, new JsonObject { ["namespace"] = request["namespace"]!.DeepClone(), ["properties"] = Map(properties) },
            RestSpecShapes.CreateNamespaceResponse, "createNamespace");
    }

    private async Task LoadNamespaceAsync(HttpContext context, string[] levels)
    {
        Dictionary<string, string>? properties;
        lock (_lock)
        {
            _namespaces.TryGetValue(NamespaceKey(levels), out properties);
        }

        if (properties is null)
        {
            await ErrorAsync(context, 404, "NoSuchNamespaceException", $"namespace {string.Join('.', levels)} does not exist");
            return;
        }

        await JsonAsync(context, 200, new JsonObject { ["namespace"] = Array(levels), ["properties"] = Map(properties) },
            RestSpecShapes.GetNamespaceResponse, "loadNamespaceMetadata");
    }

    private async Task ListTablesAsync(HttpContext context, string[] levels)
    {
        JsonArray identifiers;
        lock (_lock)
        {
            if (!_namespaces.ContainsKey(NamespaceKey(levels)))
            {
                identifiers = null!;
            }
            else
            {
                var prefix = NamespaceKey(levels) + "/";
                identifiers = new JsonArray(_tables.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                    .Select(k => (JsonNode?)new JsonObject { ["namespace"] = Array(levels), ["name"] = k[prefix.Length..] }).ToArray());
            }
        }

        if (identifiers is null)
        {
            await ErrorAsync(context, 404, "NoSuchNamespaceException", $"namespace {string.Join('.', levels)} does not exist");
            return;
        }

        await JsonAsync(context, 200, new JsonObject { ["identifiers"] = identifiers }, RestSpecShapes.ListTablesResponse, "listTables");
    }

    private async Task CreateTableAsync(HttpContext context, string[] levels, byte[] body)
    {
        var request = ParseRequest(body, RestSpecShapes.CreateTableRequest, "createTable", out var problem);
        if (request is null)
        {
            await ErrorAsync(context, 400, "BadRequestException", problem!);
            return;
        }

        var name = request["name"]!.GetValue<string>();
        JsonObject? result = null;
        var status = 200;
        lock (_lock)
        {
            if (!_namespaces.ContainsKey(NamespaceKey(levels)))
            {
                status = 404;
            }
            else if (_tables.ContainsKey(TableKey(levels, name)))
            {
                status = 409;
            }
            else
            {
                var location = $"{WarehouseLocation.TrimEnd('/')}/{string.Join('/', levels)}/{name}";
                var metadata = ServerTableMetadata.Create(request, location, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                var file = WriteMetadata(metadata, 0);
                _tables[TableKey(levels, name)] = (metadata, file);
                result = new JsonObject { ["metadata-location"] = file, ["metadata"] = metadata.DeepClone(), ["config"] = new JsonObject() };
            }
        }

        if (status == 404)
        {
            await ErrorAsync(context, 404, "NoSuchNamespaceException", $"namespace {string.Join('.', levels)} does not exist");
        }
        else if (status == 409)
        {
            await ErrorAsync(context, 409, "AlreadyExistsException", $"table {name} exists");
        }
        else
        {
            await JsonAsync(context, 200, result!, RestSpecShapes.LoadTableResult, "createTable");
        }
    }

    private async Task LoadTableAsync(HttpContext context, string[] levels, string name)
    {
        (JsonObject Metadata, string Location) table;
        bool found;
        lock (_lock)
        {
            found = _tables.TryGetValue(TableKey(levels, name), out table);
        }

        if (!found)
        {
            await ErrorAsync(context, 404, "NoSuchTableException", $"table {string.Join('.', levels)}.{name} does not exist");
            return;
        }

        if (BreakLoadTable)
        {
            // A catalog breaking LoadTableResult: "metadata" is required, this sends "table-metadata" instead.
            await JsonAsync(
                context, 200, new JsonObject { ["metadata-location"] = table.Location, ["table-metadata"] = table.Metadata.DeepClone() },
                null, "loadTable");
            return;
        }

        await JsonAsync(
            context, 200,
            new JsonObject { ["metadata-location"] = table.Location, ["metadata"] = table.Metadata.DeepClone(),
            ["config"] = new JsonObject() },
            RestSpecShapes.LoadTableResult, "loadTable");
    }

    private async Task CommitAsync(HttpContext context, string[] levels, string name, byte[] body)
    {
        var request = ParseRequest(body, RestSpecShapes.CommitTableRequest, "updateTable", out var problem);
        if (request is null)
        {
            await AnswerCommitAsync(context, 400, () => ErrorAsync(context, 400, "BadRequestException", problem!));
            return;
        }

        var call = Interlocked.Increment(ref _commitCalls);
        if (BeforeCommit is { } before)
        {
            await before(call);
        }

        var fault = OnCommit?.Invoke(call) ?? CommitFault.None;
        if (fault == CommitFault.Reject503)
        {
            await AnswerCommitAsync(context, 503, () => ErrorAsync(context, 503, "SlowDownException", "injected: not applied"));
            return;
        }

        int status;
        string message = "";
        JsonObject? response = null;
        lock (_lock)
        {
            if (!_tables.TryGetValue(TableKey(levels, name), out var table))
            {
                (status, message) = (404, "table does not exist");
            }
            else if (ServerTableMetadata.FailedRequirement(table.Metadata, request["requirements"]!.AsArray()) is { } failed)
            {
                (status, message) = (409, failed);
            }
            else
            {
                try
                {
                    var next = ServerTableMetadata.Apply(
                        table.Metadata, request["updates"]!.AsArray(), table.Location, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    var version = table.Metadata["metadata-log"]!.AsArray().Count + 1;
                    var file = WriteMetadata(next, version);
                    _tables[TableKey(levels, name)] = (next, file);
                    response = new JsonObject { ["metadata-location"] = file, ["metadata"] = next.DeepClone() };
                    status = 200;
                }
                catch (InvalidOperationException invalid)
                {
                    (status, message) = (400, invalid.Message);
                }
            }
        }

        switch (status)
        {
            case 200 when fault == CommitFault.ApplyThen503:
                await AnswerCommitAsync(context, 503, () => ErrorAsync(context, 503, "SlowDownException", "injected: applied, then 503"));
                return;
            case 200 when fault == CommitFault.ApplyThenDrop:
                lock (_lock)
                {
                    CommitStatuses.Add(0);
                }

                context.Abort();
                return;
            case 200:
                await AnswerCommitAsync(context, 200, () => JsonAsync(context, 200, response!, RestSpecShapes.CommitTableResponse, "updateTable"));
                return;
            case 404:
                await AnswerCommitAsync(context, 404, () => ErrorAsync(context, 404, "NoSuchTableException", message));
                return;
            case 409:
                await AnswerCommitAsync(context, 409, () => ErrorAsync(context, 409, "CommitFailedException", message));
                return;
            default:
                await AnswerCommitAsync(context, 400, () => ErrorAsync(context, 400, "BadRequestException", message));
                return;
        }
    }

    private Task AnswerCommitAsync(HttpContext context, int status, Func<Task> answer)
    {
        lock (_lock)
        {
            CommitStatuses.Add(status);
        }

        return answer();
    }

    // Metadata files as a metastore catalog names them: <location>/metadata/<version>-<uuid>.metadata.json.
    private string WriteMetadata(JsonObject metadata, int version)
    {
        var location = $"{metadata["location"]!.GetValue<string>()}/metadata/{version:D5}-{Guid.NewGuid()}.metadata.json";
        _writeMetadata(location, metadata.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return location;
    }

    private static void WriteLocalFile(string location, string json)
    {
        var path = LocalFileIO.ToPath(location);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    private static JsonArray Array(string[] levels) => new(levels.Select(l => (JsonNode?)l).ToArray());

    private static JsonObject Map(Dictionary<string, string> properties) => new(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
}
