using System.Text.Json;
using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Connectors.Iceberg.Spec;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.Connectors.Iceberg.Catalog.Rest;

/// <summary>
/// A client of the Apache Iceberg REST catalog API (open-api/rest-catalog-open-api.yaml): AWS Glue's and S3 Tables'
/// Iceberg endpoints (SigV4), Snowflake Open Catalog and Apache Polaris (OAuth2), or any conforming server. The
/// catalog stores metadata files and swaps the pointer atomically; this client writes data files, manifests and
/// manifest lists through the <see cref="IFileIO"/> under the table location the catalog chose.
/// </summary>
/// <remarks>
/// Start-up reads <c>GET /v1/config</c> once: the catalog's defaults, then our settings (prefix, warehouse), then its
/// overrides; the resulting <c>prefix</c> and <c>namespace-separator</c> shape every path.
/// </remarks>
internal sealed class RestCatalog : ICatalog, ISupportsNamespaces, IDisposable
{
    private readonly RestCatalogOptions _options;
    private readonly IFileIO _io;
    private readonly TableEnvironment _environment;
    private readonly ILogger _logger;
    private readonly RestHttp _http;
    private readonly OAuth2TokenHandler? _oauth;
    private readonly SemaphoreSlim _configLock = new(1, 1);
    private RestPaths? _paths;

    /// <summary>Creates a client; nothing is sent until the first call.</summary>
    public RestCatalog(RestCatalogOptions options, IFileIO io, TableEnvironment? environment = null, ILogger? logger = null)
        : this(options, io, environment, logger, null)
    {
    }

    /// <summary>Test seam: <paramref name="transport"/> replaces the network handler under the authentication handlers.</summary>
    internal RestCatalog(
        RestCatalogOptions options, IFileIO io, TableEnvironment? environment, ILogger? logger, HttpMessageHandler? transport)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.Uri))
        {
            throw new ArgumentException("Iceberg:Catalog:Rest:Uri is required", nameof(options));
        }

        _io = io ?? throw new ArgumentNullException(nameof(io));
        _environment = environment ?? TableEnvironment.Default;
        _logger = logger ?? NullLogger.Instance;
        transport ??= new SocketsHttpHandler();
        HttpMessageHandler handler = options.Auth switch
        {
            RestCatalogAuthType.OAuth2 =>
                _oauth = new OAuth2TokenHandler(options, transport, _environment.Clock, _logger) { InnerHandler = transport },
            RestCatalogAuthType.SigV4 => new SigV4Handler(options, _environment.Clock) { InnerHandler = transport },
            _ when !string.IsNullOrEmpty(options.Token) => new StaticTokenHandler(options.Token) { InnerHandler = transport },
            _ => transport,
        };
        _http = new RestHttp(options, handler, _logger);
    }

    /// <summary>OAuth2 tokens fetched so far (0 for other schemes).</summary>
    public int TokensFetched => _oauth?.TokensFetched ?? 0;

    /// <summary>The merged catalog configuration (defaults, then client settings, then overrides), after the first call.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; private set; } = new Dictionary<string, string>();

    private async Task<RestPaths> PathsAsync(CancellationToken ct)
    {
        if (_paths is { } ready)
        {
            return ready;
        }

        await _configLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_paths is { } raced)
            {
                return raced;
            }

            var query = string.IsNullOrEmpty(_options.Warehouse) ? "" : "?warehouse=" + Uri.EscapeDataString(_options.Warehouse);
            var response = await _http.SendAsync(HttpMethod.Get, "v1/config" + query, null, "getConfig", ct).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw _http.Unexpected(response, "getConfig");
            }

            var body = _http.Checked(response, RestShapes.CatalogConfig, "getConfig");
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in body.GetProperty("defaults").EnumerateObject())
            {
                merged[p.Name] = p.Value.GetString()!;
            }

            if (!string.IsNullOrEmpty(_options.Prefix))
            {
                merged["prefix"] = _options.Prefix;
            }

            if (!string.IsNullOrEmpty(_options.Warehouse))
            {
                merged["warehouse"] = _options.Warehouse;
            }

            foreach (var p in body.GetProperty("overrides").EnumerateObject())
            {
                merged[p.Name] = p.Value.GetString()!;
            }

            Configuration = merged;
            var separator = merged.TryGetValue("namespace-separator", out var s) && s.Length > 0 ? Uri.UnescapeDataString(s) : "\u001f";
            return _paths = new RestPaths(merged.GetValueOrDefault("prefix"), separator);
        }
        finally
        {
            _configLock.Release();
        }
    }

    /// <summary>
    /// Reads the catalog's configuration (<c>GET /v1/config</c>) if not read yet: proves the catalog answers, accepts
    /// the authentication and sends a body the specification allows. Throws <see cref="CatalogUnavailableException"/>.
    /// </summary>
    public Task CheckAsync(CancellationToken ct) => PathsAsync(ct);

    /// <inheritdoc />
    public async Task<Table> CreateTableIfNotExistsAsync(TableIdentifier id, Schema schema, PartitionSpec spec,
        IReadOnlyDictionary<string, string>? properties, CancellationToken ct)
    {
        var paths = await PathsAsync(ct).ConfigureAwait(false);
        try
        {
            return await LoadTableAsync(id, ct).ConfigureAwait(false);
        }
        catch (NoSuchTableException)
        {
            // created below
        }

        await CreateNamespaceIfNotExistsAsync(id.Namespace, null, ct).ConfigureAwait(false);
        var merged = new Dictionary<string, string>(TableProperties.Defaults);
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var request = new JsonObject
        {
            ["name"] = id.Name,
            ["schema"] = JsonNode.Parse(SpecJson.ToJson(w => SpecJson.WriteSchema(w, schema))),
            ["partition-spec"] = JsonNode.Parse(SpecJson.ToJson(w => SpecJson.WritePartitionSpec(w, spec))),
            ["stage-create"] = false,
            ["properties"] = new JsonObject(
                merged.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        var operation = $"createTable {id}";
        RestResponse response;
        try
        {
            response = await _http.SendAsync(HttpMethod.Post, paths.Tables(id.Namespace), request, operation, ct).ConfigureAwait(false);
        }
        catch (CatalogUnavailableException)
        {
            // A create that may have landed: if the table is there now, whoever made it defines it.
            if (await TableExistsAsync(id, ct).ConfigureAwait(false))
            {
                return await LoadTableAsync(id, ct).ConfigureAwait(false);
            }

            throw;
        }

        if (response.Status == 409)
        {
            return await LoadTableAsync(id, ct).ConfigureAwait(false); // created concurrently
        }

        if (response.Status == 404)
        {
            throw new NoSuchNamespaceException($"namespace {string.Join('.', id.Namespace)} does not exist: {response.ErrorText}");
        }

        if (!response.IsSuccess)
        {
            throw _http.Unexpected(response, operation);
        }

        var ops = Operations(paths, id);
        var metadata = ops.ParseResult(_http.Checked(response, RestShapes.LoadTableResult, operation), operation);
        return new Table(id, ops, metadata, _environment);
    }

    /// <inheritdoc />
    public async Task<Table> LoadTableAsync(TableIdentifier id, CancellationToken ct)
    {
        var ops = Operations(await PathsAsync(ct).ConfigureAwait(false), id);
        var metadata = await ops.RefreshAsync(ct).ConfigureAwait(false);
        return new Table(id, ops, metadata, _environment);
    }

    /// <inheritdoc />
    public async Task<bool> TableExistsAsync(TableIdentifier id, CancellationToken ct)
    {
        try
        {
            await LoadTableAsync(id, ct).ConfigureAwait(false);
            return true;
        }
        catch (NoSuchTableException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> CreateNamespaceIfNotExistsAsync(IReadOnlyList<string> @namespace,
        IReadOnlyDictionary<string, string>? properties, CancellationToken ct)
    {
        var paths = await PathsAsync(ct).ConfigureAwait(false);
        var request = new JsonObject
        {
            ["namespace"] = new JsonArray(@namespace.Select(level => (JsonNode?)level).ToArray()),
            ["properties"] = new JsonObject(
                (properties ?? new Dictionary<string, string>()).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        var operation = $"createNamespace {string.Join('.', @namespace)}";
        // Safe to resend: a resent create that had landed answers 409, which reads as "existed already".
        var response = await _http.SendAsync(HttpMethod.Post, paths.Namespaces, request, operation, ct).ConfigureAwait(false);
        if (response.Status == 409)
        {
            return false;
        }

        if (!response.IsSuccess)
        {
            throw _http.Unexpected(response, operation);
        }

        _http.Checked(response, RestShapes.NamespaceResponse, operation);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(
        IReadOnlyList<string> @namespace, CancellationToken ct)
    {
        var paths = await PathsAsync(ct).ConfigureAwait(false);
        var operation = $"loadNamespaceMetadata {string.Join('.', @namespace)}";
        var response = await _http.SendAsync(HttpMethod.Get, paths.Namespace(@namespace), null, operation, ct).ConfigureAwait(false);
        if (response.Status == 404)
        {
            throw new NoSuchNamespaceException($"namespace {string.Join('.', @namespace)} does not exist: {response.ErrorText}");
        }

        if (!response.IsSuccess)
        {
            throw _http.Unexpected(response, operation);
        }

        var body = _http.Checked(response, RestShapes.NamespaceResponse, operation);
        return body.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ListNamespacesAsync(IReadOnlyList<string> parent, CancellationToken ct)
    {
        var paths = await PathsAsync(ct).ConfigureAwait(false);
        var query = parent.Count == 0 ? "" : "parent=" + paths.Encode(parent);
        var pages = await PagesAsync(paths.Namespaces, query, RestShapes.ListNamespacesResponse, "listNamespaces", ct)
            .ConfigureAwait(false);
        return pages.SelectMany(p => p.TryGetProperty("namespaces", out var ns) ? ns.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(ns => (IReadOnlyList<string>)ns.EnumerateArray().Select(level => level.GetString()!).ToList()).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(IReadOnlyList<string> @namespace, CancellationToken ct)
    {
        var paths = await PathsAsync(ct).ConfigureAwait(false);
        var operation = $"listTables {string.Join('.', @namespace)}";
        var pages = await PagesAsync(paths.Tables(@namespace), "", RestShapes.ListTablesResponse, operation, ct).ConfigureAwait(false);
        return pages.SelectMany(p => p.TryGetProperty("identifiers", out var ids) ? ids.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(i => new TableIdentifier(i.GetProperty("namespace").EnumerateArray().Select(l => l.GetString()!).ToList(),
                i.GetProperty("name").GetString()!))
            .ToList();
    }

    /// <summary>Follows next-page-token (PageToken in the specification) until it is absent or null.</summary>
    private async Task<List<JsonElement>> PagesAsync(
        string path, string query, Action<JsonElement> shape, string operation, CancellationToken ct)
    {
        var pages = new List<JsonElement>();
        string? token = null;
        do
        {
            var parts = new[] { query, token is null ? "" : "pageToken=" + Uri.EscapeDataString(token) }.Where(p => p.Length > 0);
            var url = path + (parts.Any() ? "?" + string.Join('&', parts) : "");
            var response = await _http.SendAsync(HttpMethod.Get, url, null, operation, ct).ConfigureAwait(false);
            if (response.Status == 404)
            {
                throw new NoSuchNamespaceException($"{operation}: {response.ErrorText}");
            }

            if (!response.IsSuccess)
            {
                throw _http.Unexpected(response, operation);
            }

            var body = _http.Checked(response, shape, operation);
            pages.Add(body);
            token = body.TryGetProperty("next-page-token", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString()
                : null;
        }
        while (token is not null);
        return pages;
    }

    private RestTableOperations Operations(RestPaths paths, TableIdentifier id) => new(_http, paths, _io, id, _logger);

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _configLock.Dispose();
    }
}
