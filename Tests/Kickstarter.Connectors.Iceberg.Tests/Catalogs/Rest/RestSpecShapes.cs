namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs.Rest;

/// <summary>
/// The bodies of the Iceberg REST catalog API that these tests exercise, described by hand (in <see cref="Shape"/>)
/// from reading the component schemas of apache/iceberg open-api/rest-catalog-open-api.yaml. Each member names the
/// schema it describes. Not a copy of the document: only the fields and rules our client and server touch.
/// </summary>
public static class RestSpecShapes
{
    private static readonly Shape StringMap = Shape.MapOf(Shape.String);
    private static readonly Shape Long = Shape.Integer;

    /// <summary>Namespace: array of strings.</summary>
    public static Shape Namespace { get; } = Shape.Array(Shape.String);

    /// <summary>TableIdentifier: namespace and name required.</summary>
    public static Shape TableIdentifier { get; } = Shape.Object(new() { ["namespace"] = Namespace, ["name"] = Shape.String });

    /// <summary>Type: a primitive type name, or a StructType / ListType / MapType object.</summary>
    public static Shape Type { get; } = Shape.AnyOf(Shape.String, Shape.Lazy(() => StructType!), Shape.Lazy(() => ListType!), Shape.Lazy(() => MapType!));

    /// <summary>StructField: id, name, type, required; doc optional.</summary>
    public static Shape StructField { get; } = Shape.Object(
        new() { ["id"] = Shape.Integer, ["name"] = Shape.String, ["type"] = Type, ["required"] = Shape.Boolean },
        new() { ["doc"] = Shape.String });

    /// <summary>StructType: type "struct" and fields.</summary>
    public static Shape StructType { get; } = Shape.Object(new() { ["type"] = Shape.Const("struct"), ["fields"] = Shape.Array(StructField) });

    /// <summary>ListType: type "list", element-id, element, element-required.</summary>
    public static Shape ListType { get; } = Shape.Object(new()
    {
        ["type"] = Shape.Const("list"),
        ["element-id"] = Shape.Integer,
        ["element"] = Type,
        ["element-required"] = Shape.Boolean,
    });

    /// <summary>MapType: type "map", key-id, key, value-id, value, value-required.</summary>
    public static Shape MapType { get; } = Shape.Object(new()
    {
        ["type"] = Shape.Const("map"),
        ["key-id"] = Shape.Integer,
        ["key"] = Type,
        ["value-id"] = Shape.Integer,
        ["value"] = Type,
        ["value-required"] = Shape.Boolean,
    });

    /// <summary>Schema: a StructType plus optional schema-id and identifier-field-ids.</summary>
    public static Shape Schema { get; } = Shape.Object(
        new() { ["type"] = Shape.Const("struct"), ["fields"] = Shape.Array(StructField) },
        new() { ["schema-id"] = Shape.Integer, ["identifier-field-ids"] = Shape.Array(Shape.Integer) });

    /// <summary>PartitionField: source-id, transform, name required; field-id optional.</summary>
    public static Shape PartitionField { get; } = Shape.Object(
        new() { ["source-id"] = Shape.Integer, ["transform"] = Shape.String, ["name"] = Shape.String },
        new() { ["field-id"] = Shape.Integer });

    /// <summary>PartitionSpec: fields required; spec-id optional.</summary>
    public static Shape PartitionSpec { get; } = Shape.Object(new() { ["fields"] = Shape.Array(PartitionField) }, new() { ["spec-id"] = Shape.Integer });

    /// <summary>SortField and SortOrder (order-id and fields required).</summary>
    public static Shape SortOrder { get; } = Shape.Object(new()
    {
        ["order-id"] = Shape.Integer,
        ["fields"] = Shape.Array(Shape.Object(new()
        {
            ["source-id"] = Shape.Integer,
            ["transform"] = Shape.String,
            ["direction"] = Shape.Enum("asc", "desc"),
            ["null-order"] = Shape.Enum("nulls-first", "nulls-last"),
        })),
    });

    /// <summary>Snapshot: snapshot-id, timestamp-ms, manifest-list, summary (with operation) required.</summary>
    public static Shape Snapshot { get; } = Shape.Object(
        new()
        {
            ["snapshot-id"] = Long,
            ["timestamp-ms"] = Long,
            ["manifest-list"] = Shape.String,
            ["summary"] = Shape.Object(new() { ["operation"] = Shape.Enum("append", "replace", "overwrite", "delete") }),
        },
        new() { ["parent-snapshot-id"] = Long, ["sequence-number"] = Long, ["schema-id"] = Shape.Integer });

    /// <summary>SnapshotReference: type (tag or branch) and snapshot-id required.</summary>
    public static Shape SnapshotReference { get; } = Shape.Object(
        new() { ["type"] = Shape.Enum("tag", "branch"), ["snapshot-id"] = Long },
        new() { ["max-ref-age-ms"] = Long, ["max-snapshot-age-ms"] = Long, ["min-snapshots-to-keep"] = Shape.Integer });

    /// <summary>TableMetadata: format-version (1-3) and table-uuid required; the rest typed when present.</summary>
    public static Shape TableMetadata { get; } = Shape.Object(
        new() { ["format-version"] = Shape.Int(1, 3), ["table-uuid"] = Shape.String },
        new()
        {
            ["location"] = Shape.String,
            ["last-updated-ms"] = Long,
            ["properties"] = StringMap,
            ["schemas"] = Shape.Array(Schema),
            ["current-schema-id"] = Shape.Integer,
            ["last-column-id"] = Shape.Integer,
            ["partition-specs"] = Shape.Array(PartitionSpec),
            ["default-spec-id"] = Shape.Integer,
            ["last-partition-id"] = Shape.Integer,
            ["sort-orders"] = Shape.Array(SortOrder),
            ["default-sort-order-id"] = Shape.Integer,
            ["snapshots"] = Shape.Array(Snapshot),
            ["refs"] = Shape.MapOf(SnapshotReference),
            ["current-snapshot-id"] = Long,
            ["last-sequence-number"] = Long,
            ["snapshot-log"] = Shape.Array(Shape.Object(new() { ["snapshot-id"] = Long, ["timestamp-ms"] = Long })),
            ["metadata-log"] = Shape.Array(Shape.Object(new() { ["metadata-file"] = Shape.String, ["timestamp-ms"] = Long })),
        });

    /// <summary>CatalogConfig: defaults and overrides (string maps) required; endpoints optional.</summary>
    public static Shape CatalogConfig { get; } = Shape.Object(
        new() { ["defaults"] = StringMap, ["overrides"] = StringMap }, new() { ["endpoints"] = Shape.Array(Shape.String) });

    /// <summary>CreateNamespaceRequest: namespace required, properties optional.</summary>
    public static Shape CreateNamespaceRequest { get; } = Shape.Object(new() { ["namespace"] = Namespace }, new() { ["properties"] = StringMap });

    /// <summary>CreateNamespaceResponse: namespace required, properties optional.</summary>
    public static Shape CreateNamespaceResponse { get; } = Shape.Object(new() { ["namespace"] = Namespace }, new() { ["properties"] = StringMap });

    /// <summary>GetNamespaceResponse: namespace required, properties optional and nullable.</summary>
    public static Shape GetNamespaceResponse { get; } = Shape.Object(new() { ["namespace"] = Namespace }, new() { ["properties"] = Shape.Nullable(StringMap) });

    /// <summary>ListNamespacesResponse: namespaces (unique) and next-page-token (PageToken, nullable) optional.</summary>
    public static Shape ListNamespacesResponse { get; } = Shape.Object([], new()
    {
        ["namespaces"] = Shape.Array(Namespace, unique: true),
        ["next-page-token"] = Shape.Nullable(Shape.String),
    });

    /// <summary>ListTablesResponse: identifiers (unique) and next-page-token optional.</summary>
    public static Shape ListTablesResponse { get; } = Shape.Object([], new()
    {
        ["identifiers"] = Shape.Array(TableIdentifier, unique: true),
        ["next-page-token"] = Shape.Nullable(Shape.String),
    });

    /// <summary>CreateTableRequest: name and schema required.</summary>
    public static Shape CreateTableRequest { get; } = Shape.Object(
        new() { ["name"] = Shape.String, ["schema"] = Schema },
        new()
        {
            ["location"] = Shape.String,
            ["partition-spec"] = PartitionSpec,
            ["write-order"] = SortOrder,
            ["stage-create"] = Shape.Boolean,
            ["properties"] = StringMap,
        });

    /// <summary>LoadTableResult: metadata required; metadata-location nullable; config a string map.</summary>
    public static Shape LoadTableResult { get; } = Shape.Object(
        new() { ["metadata"] = TableMetadata },
        new() { ["metadata-location"] = Shape.Nullable(Shape.String), ["config"] = StringMap });

    /// <summary>CommitTableResponse: metadata-location and metadata required.</summary>
    public static Shape CommitTableResponse { get; } = Shape.Object(new() { ["metadata-location"] = Shape.String, ["metadata"] = TableMetadata });

    /// <summary>TableRequirement, by its "type" discriminator (AssertCreate ... AssertDefaultSortOrderId).</summary>
    public static Shape TableRequirement { get; } = Shape.Discriminated("type", new()
    {
        ["assert-create"] = Shape.Object(new() { ["type"] = Shape.String }),
        ["assert-table-uuid"] = Shape.Object(new() { ["type"] = Shape.String, ["uuid"] = Shape.String }),
        ["assert-ref-snapshot-id"] = Shape.Object(new() { ["type"] = Shape.String, ["ref"] = Shape.String, ["snapshot-id"] = Shape.Nullable(Long) }),
        ["assert-last-assigned-field-id"] = Shape.Object(new() { ["type"] = Shape.String, ["last-assigned-field-id"] = Shape.Integer }),
        ["assert-current-schema-id"] = Shape.Object(new() { ["type"] = Shape.String, ["current-schema-id"] = Shape.Integer }),
        ["assert-last-assigned-partition-id"] = Shape.Object(new() { ["type"] = Shape.String, ["last-assigned-partition-id"] = Shape.Integer }),
        ["assert-default-spec-id"] = Shape.Object(new() { ["type"] = Shape.String, ["default-spec-id"] = Shape.Integer }),
        ["assert-default-sort-order-id"] = Shape.Object(new() { ["type"] = Shape.String, ["default-sort-order-id"] = Shape.Integer }),
    });

    /// <summary>TableUpdate (BaseUpdate's "action" discriminator), the updates this server implements.</summary>
    public static Shape TableUpdate { get; } = Shape.Discriminated("action", new()
    {
        // AddSnapshotUpdate
        ["add-snapshot"] = Shape.Object(new() { ["action"] = Shape.String, ["snapshot"] = Snapshot }),
        // SetSnapshotRefUpdate: BaseUpdate + SnapshotReference + ref-name
        ["set-snapshot-ref"] = Shape.Object(
            new() { ["action"] = Shape.String, ["ref-name"] = Shape.String, ["type"] = Shape.Enum("tag", "branch"), ["snapshot-id"] = Long },
            new() { ["max-ref-age-ms"] = Long, ["max-snapshot-age-ms"] = Long, ["min-snapshots-to-keep"] = Shape.Integer }),
        // RemoveSnapshotsUpdate
        ["remove-snapshots"] = Shape.Object(new() { ["action"] = Shape.String, ["snapshot-ids"] = Shape.Array(Long) }),
        // AddSchemaUpdate (last-column-id deprecated but allowed)
        ["add-schema"] = Shape.Object(new() { ["action"] = Shape.String, ["schema"] = Schema }, new() { ["last-column-id"] = Shape.Integer }),
        // SetCurrentSchemaUpdate: -1 means the last added schema
        ["set-current-schema"] = Shape.Object(new() { ["action"] = Shape.String, ["schema-id"] = Shape.Integer }),
        // SetPropertiesUpdate / RemovePropertiesUpdate
        ["set-properties"] = Shape.Object(new() { ["action"] = Shape.String, ["updates"] = StringMap }),
        ["remove-properties"] = Shape.Object(new() { ["action"] = Shape.String, ["removals"] = Shape.Array(Shape.String) }),
    });

    /// <summary>CommitTableRequest: requirements and updates required; identifier optional.</summary>
    public static Shape CommitTableRequest { get; } = Shape.Object(
        new() { ["requirements"] = Shape.Array(TableRequirement), ["updates"] = Shape.Array(TableUpdate) },
        new() { ["identifier"] = TableIdentifier });

    /// <summary>IcebergErrorResponse: only "error" (ErrorModel: message, type, code 400-600, stack optional); additionalProperties false.</summary>
    public static Shape IcebergErrorResponse { get; } = Shape.Object(new()
    {
        ["error"] = Shape.Object(
            new() { ["message"] = Shape.String, ["type"] = Shape.String, ["code"] = Shape.Int(400, 600) },
            new() { ["stack"] = Shape.Array(Shape.String) }),
    }, closed: true);

    /// <summary>OAuthTokenResponse: access_token and token_type (bearer, mac, N_A) required; expires_in an integer.</summary>
    public static Shape OAuthTokenResponse { get; } = Shape.Object(
        new() { ["access_token"] = Shape.String, ["token_type"] = Shape.Enum("bearer", "mac", "N_A") },
        new() { ["expires_in"] = Shape.Integer, ["scope"] = Shape.String, ["refresh_token"] = Shape.String, ["issued_token_type"] = Shape.String });
}
