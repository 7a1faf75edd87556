using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Catalog.Rest;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.Connectors.Iceberg.Hosting;

/// <summary>
/// Checks, before a host starts, that the warehouse and the catalog its settings name can be used, so a missing bucket,
/// refused credentials or an unreachable catalog stop start-up with one line naming the setting instead of failing
/// the first epoch later. An <c>s3://</c> warehouse: ListObjectsV2 of one key under <c>_kickstarter/probe/</c> (the
/// bucket exists, listing under the prefix is allowed), then a probe object under
/// <c>&lt;warehouse&gt;/_kickstarter/probe/</c> written, read back and deleted. The DynamoDB catalog: DescribeTable
/// (the table exists unless it may be created, and has Iceberg's keys). The REST catalog: <c>GET /v1/config</c>
/// (reachable, authentication accepted, a body the specification allows). Local warehouses and the Hadoop catalog
/// need nothing here (the host probes a local folder itself).
/// </summary>
/// <remarks>
/// Bounded so that a dead endpoint fails start-up fast: each request at most <see cref="RequestTimeout"/> (or the
/// configured timeout when shorter) and at most <see cref="MaxRetries"/> retries (or the configured number when
/// fewer). A transient fault that outlasts that budget fails start-up like a wrong setting; the orchestrator (ECS,
/// Kubernetes) restarts the container, which probes again.
/// </remarks>
public static class IcebergStartupProbe
{
    /// <summary>Most retries of one probe request (the SDK's or the catalog client's own, with their backoff).</summary>
    public const int MaxRetries = 2;

    /// <summary>Longest time one probe request may take.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private const string DynamoDbSection = "Iceberg:Catalog:DynamoDb";

    private static readonly HashSet<string> DynamoDbAuthErrors = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException", "MissingAuthenticationTokenException",
        "ExpiredTokenException", "IncompleteSignatureException",
    };

    /// <summary>
    /// The one line that says why the warehouse or the catalog cannot be used, naming the setting, or null when both
    /// answered as they should. Options are expected to be valid (their validators ran first). Never quotes a secret.
    /// </summary>
    public static async Task<string?> ProblemAsync(
        string warehouse, IcebergCatalogOptions catalog, S3FileIOOptions s3, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(s3);
        if (!WarehouseLocation.IsLocal(warehouse) && await WarehouseProblemAsync(warehouse, s3, ct).ConfigureAwait(false) is { } problem)
        {
            return problem;
        }

        return catalog.Type switch
        {
            IcebergCatalogType.DynamoDb => await DynamoDbProblemAsync(catalog.DynamoDb, ct).ConfigureAwait(false),
            IcebergCatalogType.Rest => await RestProblemAsync(catalog.Rest, ct).ConfigureAwait(false),
            _ => null,
        };
    }

    private static async Task<string?> WarehouseProblemAsync(string warehouse, S3FileIOOptions configured, CancellationToken ct)
    {
        var options = new S3FileIOOptions
        {
            Region = configured.Region,
            ServiceUrl = configured.ServiceUrl,
            ForcePathStyle = configured.ForcePathStyle,
            AccessKey = configured.AccessKey,
            SecretKey = configured.SecretKey,
            ChecksumWhenRequired = configured.ChecksumWhenRequired,
            MultipartThresholdBytes = configured.MultipartThresholdBytes,
            PartSizeBytes = configured.PartSizeBytes,
            MaxRetries = Math.Min(configured.MaxRetries, MaxRetries),
            RequestTimeout = Shorter(configured.RequestTimeout),
            ConfigureClient = configured.ConfigureClient,
        };
        try
        {
            using var io = new S3FileIO(options);
            await io.ProbeAsync(warehouse, ct).ConfigureAwait(false);
            return null;
        }
        catch (IOException e)
        {
            // S3FileIO's messages name the setting to check (the bucket of Iceberg:Warehouse, the Iceberg:S3 keys or
            // endpoint); the prefix says which setting failed the check.
            return $"{WarehouseLocation.Setting} (--warehouse) '{warehouse}' failed the start-up check: {e.Message}";
        }
    }

    private static async Task<string?> DynamoDbProblemAsync(DynamoDbCatalogOptions configured, CancellationToken ct)
    {
        var options = new DynamoDbCatalogOptions
        {
            TableName = configured.TableName,
            Region = configured.Region,
            ServiceUrl = configured.ServiceUrl,
            AccessKey = configured.AccessKey,
            SecretKey = configured.SecretKey,
            CreateTableIfNotExists = configured.CreateTableIfNotExists,
            MaxRetries = Math.Min(configured.MaxRetries, MaxRetries),
            RetryBaseDelay = configured.RetryBaseDelay,
            RequestTimeout = Shorter(configured.RequestTimeout),
            ConfigureClient = configured.ConfigureClient,
        };
        using var client = new DynamoDbCatalogClient(options, NullLogger.Instance);
        try
        {
            var described = await client.RunUncheckedAsync("DescribeTable", c => client.Dynamo.DescribeTableAsync(options.TableName, c), ct)
                .ConfigureAwait(false);
            return LayoutProblem(described.Table, options.TableName);
        }
        catch (CatalogUnavailableException missing)
            when (missing.InnerException is ResourceNotFoundException && options.CreateTableIfNotExists)
        {
            return null; // the catalog creates it at first use (Iceberg:Catalog:DynamoDb:CreateTableIfNotExists=true)
        }
        catch (CatalogUnavailableException e)
        {
            return $"{DynamoDbSection} failed the start-up check: {e.Message}";
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.Forbidden || DynamoDbAuthErrors.Contains(e.ErrorCode ?? ""))
        {
            var credentials = string.IsNullOrEmpty(options.AccessKey)
                ? $"the default AWS credential chain ({DynamoDbSection}:AccessKey and SecretKey are empty)"
                : $"{DynamoDbSection}:AccessKey / {DynamoDbSection}:SecretKey (explicit keys are configured)";
            return $"{DynamoDbSection}:TableName '{options.TableName}' failed the start-up check: DescribeTable was refused: " +
                $"access denied ({e.ErrorCode ?? "403"}); " +
                $"check {credentials} and that the policy allows dynamodb:DescribeTable on the table.";
        }
        catch (AmazonServiceException e)
        {
            return $"{DynamoDbSection}:TableName '{options.TableName}' failed the start-up check: DescribeTable answered " +
                $"{e.ErrorCode ?? "an error"} (HTTP {(int)e.StatusCode}).";
        }
    }

    /// <summary>Iceberg's key schema (hash <c>identifier</c>, range <c>namespace</c>): every write of the catalog needs it.</summary>
    private static string? LayoutProblem(TableDescription table, string name)
    {
        var keys = table.KeySchema ?? [];
        var hash = keys.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var range = keys.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
        return hash == DynamoDbCatalogItems.Identifier && range == DynamoDbCatalogItems.Namespace
            ? null
            : $"Iceberg:Catalog:DynamoDb:TableName '{name}' is not an Iceberg catalog table: its keys are hash '{hash}' and range " +
              $"'{range ?? "(none)"}', Apache Iceberg's DynamoDB catalog layout needs hash '{DynamoDbCatalogItems.Identifier}' and range " +
              $"'{DynamoDbCatalogItems.Namespace}' (name another table, or let the silo create one).";
    }

    private static async Task<string?> RestProblemAsync(RestCatalogOptions configured, CancellationToken ct)
    {
        var options = new RestCatalogOptions
        {
            Uri = configured.Uri,
            Warehouse = configured.Warehouse,
            Prefix = configured.Prefix,
            Auth = configured.Auth,
            ClientId = configured.ClientId,
            ClientSecret = configured.ClientSecret,
            Scope = configured.Scope,
            OAuth2ServerUri = configured.OAuth2ServerUri,
            Token = configured.Token,
            SigningRegion = configured.SigningRegion,
            SigningName = configured.SigningName,
            AccessKey = configured.AccessKey,
            SecretKey = configured.SecretKey,
            SessionToken = configured.SessionToken,
            RequestTimeout = Shorter(configured.RequestTimeout),
            MaxRetries = Math.Min(configured.MaxRetries, MaxRetries),
            RetryBaseDelay = configured.RetryBaseDelay,
        };
        // getConfig touches no file: the IO is never used.
        using var catalog = new RestCatalog(options, new LocalFileIO());
        try
        {
            await catalog.CheckAsync(ct).ConfigureAwait(false);
            return null;
        }
        catch (CatalogUnavailableException e)
        {
            return $"Iceberg:Catalog:Rest:Uri '{options.Uri}' failed the start-up check: {e.Message}";
        }
    }

    private static TimeSpan Shorter(TimeSpan configured) => configured < RequestTimeout ? configured : RequestTimeout;
}
