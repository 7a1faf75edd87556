using Amazon.DynamoDBv2.Model;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Connectors.Iceberg.Spec;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>
/// An Iceberg catalog in a DynamoDB table, item for item the layout of Apache Iceberg's own
/// <c>org.apache.iceberg.aws.dynamodb.DynamoDbCatalog</c> (see <see cref="DynamoDbCatalogItems"/>), so Spark, Flink,
/// Trino or PyIceberg configured with the same table and warehouse read and write the same tables. Table metadata,
/// manifests and data files go through the <see cref="IFileIO"/> (S3 in the cloud): hosts share nothing but the
/// DynamoDB table and the bucket. Commits are conditional writes on the item's version attribute.
/// </summary>
internal sealed class DynamoDbCatalog : ICatalog, ISupportsNamespaces, IDisposable
{
    private readonly DynamoDbCatalogClient _client;
    private readonly IFileIO _io;
    private readonly string _warehouse;
    private readonly TableEnvironment _environment;
    private readonly ILogger _logger;

    /// <summary>Creates a catalog; the DynamoDB table is checked (or created) on first use.</summary>
    /// <param name="options">DynamoDB settings.</param>
    /// <param name="io">Storage of metadata and data files (any scheme the IO supports).</param>
    /// <param name="warehouse">Root location of new tables whose namespace has no default_location (e.g. s3://bucket/warehouse).</param>
    /// <param name="environment">Clock and snapshot ids; null for the system defaults.</param>
    /// <param name="logger">Logger; null for none.</param>
    public DynamoDbCatalog(
        DynamoDbCatalogOptions options, IFileIO io, string warehouse, TableEnvironment? environment = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _io = io ?? throw new ArgumentNullException(nameof(io));
        _warehouse = string.IsNullOrWhiteSpace(warehouse) ? throw new ArgumentException("warehouse is required", nameof(warehouse))
            : warehouse.TrimEnd('/');
        _environment = environment ?? TableEnvironment.Default;
        _logger = logger ?? NullLogger.Instance;
        _client = new DynamoDbCatalogClient(options, _logger);
    }

    /// <summary>The DynamoDB table holding the catalog.</summary>
    public string CatalogTableName => _client.TableName;

    /// <inheritdoc />
    public async Task<Table> CreateTableIfNotExistsAsync(TableIdentifier id, Schema schema, PartitionSpec spec,
        IReadOnlyDictionary<string, string>? properties, CancellationToken ct)
    {
        DynamoDbCatalogItems.Validate(id);
        var ops = Operations(id);
        if (await ops.GetItemAsync(ct).ConfigureAwait(false) is null)
        {
            // Iceberg requires the namespace item; creating it here keeps "create if not exists" one call for writers.
            await CreateNamespaceIfNotExistsAsync(id.Namespace, null, ct).ConfigureAwait(false);
            var location = await DefaultTableLocationAsync(id, ct).ConfigureAwait(false);
            var metadata = TableMetadataBuilder.NewTable(schema, spec, location, properties)
                .Build(_environment.Clock().ToUnixTimeMilliseconds());
            // Losing this race is fine: whoever created the item first defines the table, and we load it below.
            await ops.TryCreateAsync(metadata, ct).ConfigureAwait(false);
        }

        return await LoadTableAsync(id, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Table> LoadTableAsync(TableIdentifier id, CancellationToken ct)
    {
        DynamoDbCatalogItems.Validate(id);
        var ops = Operations(id);
        var metadata = await ops.RefreshAsync(ct).ConfigureAwait(false);
        return new Table(id, ops, metadata, _environment);
    }

    /// <inheritdoc />
    public async Task<bool> TableExistsAsync(TableIdentifier id, CancellationToken ct)
    {
        DynamoDbCatalogItems.Validate(id);
        return await Operations(id).GetItemAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async Task<bool> CreateNamespaceIfNotExistsAsync(IReadOnlyList<string> @namespace,
        IReadOnlyDictionary<string, string>? properties, CancellationToken ct)
    {
        DynamoDbCatalogItems.ValidateNamespace(@namespace);
        var item = DynamoDbCatalogItems.NamespaceKey(@namespace);
        DynamoDbCatalogItems.StampNew(item, _environment.Clock());
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            item[DynamoDbCatalogItems.PropertyPrefix + key] = new AttributeValue { S = value };
        }

        var request = new PutItemRequest
        {
            TableName = _client.TableName,
            Item = item,
            ConditionExpression = $"attribute_not_exists({DynamoDbCatalogItems.Version})",
        };
        try
        {
            // Idempotent: a resent put that had landed fails its condition, which reads as "existed already".
            await _client.RunAsync("PutItem", c => _client.Dynamo.PutItemAsync(request, c), ct).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> LoadNamespacePropertiesAsync(
        IReadOnlyList<string> @namespace, CancellationToken ct)
    {
        DynamoDbCatalogItems.ValidateNamespace(@namespace);
        var request =
            new GetItemRequest { TableName = _client.TableName, Key = DynamoDbCatalogItems.NamespaceKey(@namespace),
            ConsistentRead = true };
        var response = await _client.RunAsync("GetItem", c => _client.Dynamo.GetItemAsync(request, c), ct).ConfigureAwait(false);
        if (response.Item is not { Count: > 0 } item)
        {
            throw new NoSuchNamespaceException($"namespace {DynamoDbCatalogItems.NamespaceName(@namespace)} does not exist in DynamoDB " +
                $"catalog table '{_client.TableName}'");
        }

        return DynamoDbCatalogItems.Properties(item);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<string>>> ListNamespacesAsync(IReadOnlyList<string> parent, CancellationToken ct)
    {
        DynamoDbCatalogItems.ValidateNamespace(parent);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [":identifier"] = new() { S = DynamoDbCatalogItems.NamespaceIdentifier },
        };
        var condition = $"{DynamoDbCatalogItems.Identifier} = :identifier";
        if (parent.Count > 0)
        {
            condition += $" AND begins_with({DynamoDbCatalogItems.Namespace}, :ns)";
            values[":ns"] = new AttributeValue { S = DynamoDbCatalogItems.NamespaceName(parent) + "." };
        }

        var request = new QueryRequest
        {
            TableName = _client.TableName,
            ConsistentRead = true,
            KeyConditionExpression = condition,
            ExpressionAttributeValues = values,
        };
        var names = await QueryAsync(request, DynamoDbCatalogItems.Namespace, ct).ConfigureAwait(false);
        // As Iceberg's DynamoDbCatalog: every namespace below the parent, at any depth (intermediate levels have no items).
        return names.Select(n => (IReadOnlyList<string>)n.Split('.')).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TableIdentifier>> ListTablesAsync(IReadOnlyList<string> @namespace, CancellationToken ct)
    {
        DynamoDbCatalogItems.ValidateNamespace(@namespace);
        var request = new QueryRequest
        {
            TableName = _client.TableName,
            IndexName = DynamoDbCatalogItems.NamespaceIndex,
            KeyConditionExpression = $"{DynamoDbCatalogItems.Namespace} = :ns",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":ns"] = new() { S = DynamoDbCatalogItems.NamespaceName(@namespace) },
            },
        };
        var identifiers = await QueryAsync(request, DynamoDbCatalogItems.Identifier, ct).ConfigureAwait(false);
        return identifiers.Where(i => i != DynamoDbCatalogItems.NamespaceIdentifier).Select(TableIdentifier.Parse).ToList();
    }

    private async Task<List<string>> QueryAsync(QueryRequest request, string attribute, CancellationToken ct)
    {
        var result = new List<string>();
        do
        {
            var response = await _client.RunAsync("Query", c => _client.Dynamo.QueryAsync(request, c), ct).ConfigureAwait(false);
            result.AddRange((response.Items ?? []).Select(i => i[attribute].S));
            request.ExclusiveStartKey = response.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return result;
    }

    /// <summary>
    /// Where a new table goes: the namespace's <c>default_location</c> property plus the table name, else
    /// <c>&lt;warehouse&gt;/&lt;namespace&gt;.db/&lt;table&gt;</c> (Iceberg's rule).
    /// </summary>
    public async Task<string> DefaultTableLocationAsync(TableIdentifier id, CancellationToken ct)
    {
        var properties = await LoadNamespacePropertiesAsync(id.Namespace, ct).ConfigureAwait(false);
        return properties.TryGetValue(DynamoDbCatalogItems.DefaultLocationProperty, out var parent)
            ? $"{parent.TrimEnd('/')}/{id.Name}"
            : $"{_warehouse}/{DynamoDbCatalogItems.NamespaceName(id.Namespace)}.db/{id.Name}";
    }

    private DynamoDbTableOperations Operations(TableIdentifier id) => new(_client, _io, id, _environment, _logger);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
