using System.Text.Json;
using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Io;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>What the server does with one commit request.</summary>
public enum CommitFault
{
    None,

    /// <summary>Apply the commit, then answer 503 (ServiceUnavailableResponse): the client cannot know it landed.</summary>
    ApplyThen503,

    /// <summary>Apply the commit, then drop the connection without an answer.</summary>
    ApplyThenDrop,

    /// <summary>Answer 503 without applying anything.</summary>
    Reject503,
}

/// <summary>How the server authenticates requests.</summary>
public enum ServerAuth
{
    None,
    OAuth2,
    SigV4,
}

/// <summary>
/// An Iceberg REST catalog for tests: Kestrel on 127.0.0.1 with a random port and a base path, an in-memory store
/// writing metadata files into a local warehouse, and every request body and every response body checked against
/// <see cref="RestSpecShapes"/> (violations are answered 400 and recorded in <see cref="Violations"/>). Implements
/// getConfig, getToken (client credentials), create/load/list namespaces, create/load/list/commit tables.
/// </summary>
public sealed partial class RestCatalogServer : IAsyncDisposable
{
    public const string Prefix = "wh1";
    public const string ClientId = "kickstarter-client";
    public const string ClientSecret = "s3cr3t-client-value";
    public const string AccessKey = "AKIDKICKSTARTER";
    public const string SecretKey = "kickstarter/secret+key";
    public const string Region = "eu-west-1";
    public const string SigningName = "glue";

    private readonly object _lock = new();
    private readonly Dictionary<string, Dictionary<string, string>> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject Metadata, string Location)> _tables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _commitCalls;
    private int _failingReads;

    private readonly Action<string, string> _writeMetadata;

    private RestCatalogServer(WebApplication app, ServerAuth auth, string warehouse, string warehouseLocation, Action<string, string> writeMetadata)
    {
        _app = app;
        Auth = auth;
        WarehouseRoot = warehouse;
        WarehouseLocation = warehouseLocation;
        _writeMetadata = writeMetadata;
    }

    public ServerAuth Auth { get; }

    /// <summary>The local folder of the default warehouse (removed at dispose; unused with a warehouse of the caller's).</summary>
    public string WarehouseRoot { get; }

    /// <summary>Where the server places new tables: <c>&lt;location&gt;/&lt;namespace levels&gt;/&lt;table&gt;</c>.</summary>
    public string WarehouseLocation { get; }

    /// <summary>The catalog URI to configure (base path "/catalog").</summary>
    public string Uri { get; private set; } = "";

    /// <summary>Every request and response body that broke the specification's shapes, with the operation.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>"METHOD /path" of every request, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Status codes answered to commits, in order.</summary>
    public List<int> CommitStatuses { get; } = [];

    /// <summary>Bearer tokens seen on catalog requests.</summary>
    public List<string> BearerTokens { get; } = [];

    /// <summary>Requests whose SigV4 signature the server recomputed and accepted.</summary>
    public int VerifiedSignatures { get; private set; }

    /// <summary>Runs before the n-th commit (1-based) is checked: a test can make another writer commit first.</summary>
    public Func<int, Task>? BeforeCommit { get; set; }

    /// <summary>Decides the fault of the n-th commit (1-based).</summary>
    public Func<int, CommitFault>? OnCommit { get; set; }

    /// <summary>Answer loadTable with a body missing the required "metadata" (a catalog breaking the spec).</summary>
    public bool BreakLoadTable { get; set; }

    /// <summary>Answer every GET with 503 (a catalog that became unavailable).</summary>
    public bool UnavailableReads { get; set; }

    /// <summary>Answer this many further GETs with <see cref="ReadFailureStatus"/>, then serve them again (a catalog that recovers).</summary>
    public int FailingReads
    {
        get => Volatile.Read(ref _failingReads);
        set => Volatile.Write(ref _failingReads, value);
    }

    /// <summary>The status of <see cref="FailingReads"/>: 429 (TooManyRequests), 502, 503 or 504. default: 503</summary>
    public int ReadFailureStatus { get; set; } = 503;

    public int CommitCalls => Volatile.Read(ref _commitCalls);

    /// <summary>Forgets every issued token: the next catalog request gets 401.</summary>
    public void RevokeTokens()
    {
        lock (_lock)
        {
            _tokens.Clear();
        }
    }

    /// <summary>
    /// Starts the server. Tables go under <paramref name="warehouseLocation"/> (default: a local temporary folder), and
    /// metadata files are written by <paramref name="writeMetadata"/> (location, JSON), which a caller with an object
    /// store warehouse supplies (default: local files).
    /// </summary>
    public static async Task<RestCatalogServer> StartAsync(
        ServerAuth auth = ServerAuth.None, string? warehouseLocation = null, Action<string, string>? writeMetadata = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var warehouse = Path.Combine(Path.GetTempPath(), "iceberg-rest-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(warehouse);
        var server = new RestCatalogServer(app, auth, warehouse, warehouseLocation ?? LocalFileIO.ToLocation(warehouse), writeMetadata ?? WriteLocalFile);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Uri = address.TrimEnd('/') + "/catalog";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(WarehouseRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var body = await ReadBodyAsync(context.Request);
        var questionMark = raw.IndexOf('?');
        var path = questionMark < 0 ? raw : raw[..questionMark];
        lock (_lock)
        {
            Requests.Add($"{context.Request.Method} {path}");
        }

        if (!path.StartsWith("/catalog/v1/", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, "NoSuchEndpointException", $"no route {path}");
            return;
        }

        var segments = path["/catalog/v1/".Length..].Split('/');
        var method = context.Request.Method;
        if (method == "POST" && segments is ["oauth", "tokens"])
        {
            await TokenAsync(context, body);
            return;
        }

        if (!await AuthorizedAsync(context, raw, body))
        {
            return;
        }

        if (UnavailableReads && method == "GET")
        {
            await ErrorAsync(context, 503, "SlowDownException", "injected: unavailable");
            return;
        }

        if (method == "GET" && Interlocked.Decrement(ref _failingReads) >= 0)
        {
            await ErrorAsync(context, ReadFailureStatus, "SlowDownException", $"injected: transient {ReadFailureStatus}");
            return;
        }

        switch (segments)
        {
            case ["config"] when method == "GET":
                await JsonAsync(context, 200, new JsonObject
                {
                    ["defaults"] = new JsonObject { ["clients"] = "4" },
                    ["overrides"] = new JsonObject { ["prefix"] = Prefix },
                    ["endpoints"] = new JsonArray("GET /v1/{prefix}/namespaces", "POST /v1/{prefix}/namespaces", "GET /v1/{prefix}/namespaces/{namespace}",
                        "GET /v1/{prefix}/namespaces/{namespace}/tables", "POST /v1/{prefix}/namespaces/{namespace}/tables",
                        "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}", "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}"),
                }, RestSpecShapes.CatalogConfig, "getConfig");
                return;
            case [Prefix, "namespaces"] when method == "GET":
                ListNamespaces(context, out var list);
                await JsonAsync(context, 200, list, RestSpecShapes.ListNamespacesResponse, "listNamespaces");
                return;
            case [Prefix, "namespaces"] when method == "POST":
                await CreateNamespaceAsync(context, body);
                return;
            case [Prefix, "namespaces", var ns] when method == "GET":
                await LoadNamespaceAsync(context, Namespace(ns));
                return;
            case [Prefix, "namespaces", var ns, "tables"] when method == "GET":
                await ListTablesAsync(context, Namespace(ns));
                return;
            case [Prefix, "namespaces", var ns, "tables"] when method == "POST":
                await CreateTableAsync(context, Namespace(ns), body);
                return;
            case [Prefix, "namespaces", var ns, "tables", var table] when method == "GET":
                await LoadTableAsync(context, Namespace(ns), System.Uri.UnescapeDataString(table));
                return;
            case [Prefix, "namespaces", var ns, "tables", var table] when method == "POST":
                await CommitAsync(context, Namespace(ns), System.Uri.UnescapeDataString(table), body);
                return;
            default:
                await ErrorAsync(context, 404, "NoSuchEndpointException", $"no route {method} {path}");
                return;
        }
    }

    // The namespace path parameter: levels joined by the unit separator 0x1F (sent as %1F).
    private static string[] Namespace(string segment) => System.Uri.UnescapeDataString(segment).Split('\u001f');

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private JsonObject? ParseRequest(byte[] body, Shape shape, string operation, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var errors = shape.Validate(document.RootElement);
            if (errors.Count > 0)
            {
                problem = string.Join("; ", errors);
                lock (_lock)
                {
                    Violations.Add($"request {operation}: {problem}");
                }

                return null;
            }

            return JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException error)
        {
            problem = error.Message;
            lock (_lock)
            {
                Violations.Add($"request {operation}: not JSON");
            }

            return null;
        }
    }

    private async Task JsonAsync(HttpContext context, int status, JsonNode body, Shape? shape, string operation)
    {
        var text = body.ToJsonString();
        if (shape is not null)
        {
            using var document = JsonDocument.Parse(text);
            var errors = shape.Validate(document.RootElement);
            if (errors.Count > 0)
            {
                lock (_lock)
                {
                    Violations.Add($"response {operation}: {string.Join("; ", errors)}");
                }
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(text);
    }

    private Task ErrorAsync(HttpContext context, int status, string type, string message) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = status } },
            RestSpecShapes.IcebergErrorResponse, $"error {status}");

    private static string NamespaceKey(string[] levels) => string.Join('\u001f', levels);

    private static string TableKey(string[] levels, string name) => NamespaceKey(levels) + "/" + name;
}
