using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;

/// <summary>
/// The item layout of Apache Iceberg's DynamoDB catalog (iceberg-aws <c>DynamoDbCatalog</c>), so that Spark, Flink or
/// PyIceberg pointed at the same table see our tables and we see theirs.
/// </summary>
/// <remarks>
/// One DynamoDB table (default "iceberg"): hash key <c>identifier</c> (S), range key <c>namespace</c> (S), a global
/// secondary index <c>namespace-identifier</c> (hash namespace, range identifier, keys only), on-demand billing.
/// A namespace item has identifier "NAMESPACE" and namespace = the levels joined by '.'; a table item has
/// identifier "ns.table" and namespace "ns". Both carry <c>v</c> (S, a random UUID replaced on every write: the
/// optimistic lock), <c>created_at</c> and <c>updated_at</c> (N, ms since the epoch) and properties as S attributes
/// named <c>p.&lt;key&gt;</c>. A table's properties are <c>p.table_type</c> = "ICEBERG", <c>p.metadata_location</c>
/// and, after its first commit, <c>p.previous_metadata_location</c>. A namespace's <c>p.default_location</c>, when
/// set, is the parent folder of its new tables; otherwise they go to <c>&lt;warehouse&gt;/&lt;ns&gt;.db/&lt;table&gt;</c>.
/// </remarks>
internal static class DynamoDbCatalogItems
{
    public const string Identifier = "identifier";
    public const string Namespace = "namespace";
    public const string NamespaceIdentifier = "NAMESPACE";
    public const string Version = "v";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string PropertyPrefix = "p.";
    public const string NamespaceIndex = "namespace-identifier";
    public const string MetadataLocationProperty = "metadata_location";
    public const string PreviousMetadataLocationProperty = "previous_metadata_location";
    public const string TableTypeProperty = "table_type";
    public const string IcebergTableType = "ICEBERG";
    public const string DefaultLocationProperty = "default_location";

    public static string MetadataLocationAttribute => PropertyPrefix + MetadataLocationProperty;

    public static string NamespaceName(IReadOnlyList<string> @namespace) => string.Join('.', @namespace);

    public static Dictionary<string, AttributeValue> NamespaceKey(IReadOnlyList<string> @namespace) => new(StringComparer.Ordinal)
    {
        [Identifier] = new AttributeValue { S = NamespaceIdentifier },
        [Namespace] = new AttributeValue { S = NamespaceName(@namespace) },
    };

    public static Dictionary<string, AttributeValue> TableKey(TableIdentifier id) => new(StringComparer.Ordinal)
    {
        [Identifier] = new AttributeValue { S = id.ToString() },
        [Namespace] = new AttributeValue { S = NamespaceName(id.Namespace) },
    };

    /// <summary>Adds created_at, updated_at (now) and a fresh version to a new item.</summary>
    public static void StampNew(Dictionary<string, AttributeValue> item, DateTimeOffset now)
    {
        var ms = Millis(now);
        item[CreatedAt] = new AttributeValue { N = ms };
        item[UpdatedAt] = new AttributeValue { N = ms };
        item[Version] = new AttributeValue { S = NewVersion() };
    }

    public static string NewVersion() => Guid.NewGuid().ToString("D");

    public static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static Dictionary<string, string> Properties(Dictionary<string, AttributeValue> item) =>
        item.Where(a => a.Key.StartsWith(PropertyPrefix, StringComparison.Ordinal) && a.Value.S is not null)
            .ToDictionary(a => a.Key[PropertyPrefix.Length..], a => a.Value.S, StringComparer.Ordinal);

    public static string? MetadataLocation(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue(MetadataLocationAttribute, out var value) ? value.S : null;

    /// <summary>Iceberg rejects dots inside levels (the item keys join levels with '.') and tables without a namespace.</summary>
    public static void Validate(TableIdentifier id)
    {
        if (id.Namespace.Count == 0)
        {
            throw new ArgumentException($"table '{id}' needs a namespace in the DynamoDB catalog");
        }

        ValidateNamespace(id.Namespace);
        if (id.Name.Contains('.'))
        {
            throw new ArgumentException($"table name '{id.Name}' must not contain '.' in the DynamoDB catalog");
        }
    }

    public static void ValidateNamespace(IReadOnlyList<string> @namespace)
    {
        foreach (var level in @namespace)
        {
            if (string.IsNullOrEmpty(level) || level.Contains('.'))
            {
                throw new ArgumentException($"namespace level '{level}' must be non-empty and contain no '.' in the DynamoDB catalog");
            }
        }
    }
}
