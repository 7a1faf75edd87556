namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// Immutable table metadata, format version 2 (spec: Table Metadata). A new version is made by
/// <see cref="TableMetadataBuilder"/> and committed as a new metadata file.
/// </summary>
public sealed class TableMetadata
{
    internal TableMetadata() { }

    /// <summary>Always 2.</summary>
    public int FormatVersion { get; internal init; } = 2;
    /// <summary>UUID identifying the table.</summary>
    public Guid TableUuid { get; internal init; }
    /// <summary>Base location of the table.</summary>
    public string Location { get; internal init; } = "";
    /// <summary>Highest assigned sequence number.</summary>
    public long LastSequenceNumber { get; internal init; }
    /// <summary>When the table was last updated (ms since epoch).</summary>
    public long LastUpdatedMs { get; internal init; }
    /// <summary>Highest assigned column id.</summary>
    public int LastColumnId { get; internal init; }
    /// <summary>All schemas.</summary>
    public IReadOnlyList<Schema> Schemas { get; internal init; } = [];
    /// <summary>Id of the current schema.</summary>
    public int CurrentSchemaId { get; internal init; }
    /// <summary>All partition specs.</summary>
    public IReadOnlyList<PartitionSpec> PartitionSpecs { get; internal init; } = [];
    /// <summary>Id of the spec writers use.</summary>
    public int DefaultSpecId { get; internal init; }
    /// <summary>Highest assigned partition field id.</summary>
    public int LastPartitionId { get; internal init; }
    /// <summary>All sort orders.</summary>
    internal IReadOnlyList<SortOrder> SortOrders { get; init; } = [];
    /// <summary>Default sort order id.</summary>
    public int DefaultSortOrderId { get; internal init; }
    /// <summary>Table properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; internal init; } = new Dictionary<string, string>();
    /// <summary>Current snapshot id (the main branch), null for an empty table.</summary>
    public long? CurrentSnapshotId { get; internal init; }
    /// <summary>Valid snapshots.</summary>
    public IReadOnlyList<Snapshot> Snapshots { get; internal init; } = [];
    /// <summary>Changes of the current snapshot.</summary>
    internal IReadOnlyList<SnapshotLogEntry> SnapshotLog { get; init; } = [];
    /// <summary>Previous metadata files.</summary>
    internal IReadOnlyList<MetadataLogEntry> MetadataLog { get; init; } = [];
    /// <summary>Named snapshot references; "main" points at the current snapshot.</summary>
    internal IReadOnlyDictionary<string, SnapshotRef> Refs { get; init; } = new Dictionary<string, SnapshotRef>();

    /// <summary>The location this metadata was read from or written to, when known (not serialized).</summary>
    public string? MetadataFileLocation { get; internal init; }

    /// <summary>The current schema.</summary>
    public Schema CurrentSchema => SchemaById(CurrentSchemaId);

    /// <summary>The default partition spec.</summary>
    public PartitionSpec DefaultSpec => SpecById(DefaultSpecId);

    /// <summary>The current snapshot, or null.</summary>
    public Snapshot? CurrentSnapshot => CurrentSnapshotId is { } id ? SnapshotById(id) : null;

    /// <summary>A schema by id.</summary>
    public Schema SchemaById(int id) => Schemas.FirstOrDefault(s => s.SchemaId == id)
        ?? throw new KeyNotFoundException($"schema {id} is not in the table metadata");

    /// <summary>A partition spec by id.</summary>
    public PartitionSpec SpecById(int id) => PartitionSpecs.FirstOrDefault(s => s.SpecId == id)
        ?? throw new KeyNotFoundException($"partition spec {id} is not in the table metadata");

    /// <summary>A snapshot by id, or null.</summary>
    public Snapshot? SnapshotById(long id) => Snapshots.FirstOrDefault(s => s.SnapshotId == id);

    /// <summary>A table property or the default.</summary>
    public string Property(string key, string defaultValue) => Properties.TryGetValue(key, out var text) ? text : defaultValue;

    /// <summary>A long table property or the default.</summary>
    public long PropertyAsLong(string key, long defaultValue) =>
        Properties.TryGetValue(key, out var text)
            && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : defaultValue;
}
