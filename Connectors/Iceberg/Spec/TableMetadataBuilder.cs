namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// Builds immutable <see cref="TableMetadata"/>: either a new table or changes on top of a base version
/// (add snapshot and move main, add schema, remove snapshots, set properties). Keeps the logs consistent.
/// </summary>
internal sealed class TableMetadataBuilder
{
    private readonly TableMetadata? _base;
    private Guid _uuid;
    private readonly string _location;
    private long _lastSequenceNumber;
    private int _lastColumnId;
    private readonly List<Schema> _schemas;
    private int _currentSchemaId;
    private readonly List<PartitionSpec> _specs;
    private readonly int _defaultSpecId;
    private int _lastPartitionId;
    private readonly List<SortOrder> _sortOrders;
    private int _defaultSortOrderId;
    private readonly Dictionary<string, string> _properties;
    private long? _currentSnapshotId;
    private readonly List<Snapshot> _snapshots;
    private readonly List<SnapshotLogEntry> _snapshotLog;
    private readonly List<MetadataLogEntry> _metadataLog;
    private readonly Dictionary<string, SnapshotRef> _refs;

    private TableMetadataBuilder(TableMetadata? source, string location)
    {
        _base = source;
        _location = source?.Location ?? location;
        _uuid = source?.TableUuid ?? Guid.NewGuid();
        _lastSequenceNumber = source?.LastSequenceNumber ?? 0;
        _lastColumnId = source?.LastColumnId ?? 0;
        _schemas = source?.Schemas.ToList() ?? [];
        _currentSchemaId = source?.CurrentSchemaId ?? 0;
        _specs = source?.PartitionSpecs.ToList() ?? [];
        _defaultSpecId = source?.DefaultSpecId ?? 0;
        _lastPartitionId = source?.LastPartitionId ?? PartitionSpec.FirstFieldId - 1;
        _sortOrders = source?.SortOrders.ToList() ?? [];
        _defaultSortOrderId = source?.DefaultSortOrderId ?? 0;
        _properties = source?.Properties.ToDictionary(p => p.Key, p => p.Value) ?? [];
        _currentSnapshotId = source?.CurrentSnapshotId;
        _snapshots = source?.Snapshots.ToList() ?? [];
        _snapshotLog = source?.SnapshotLog.ToList() ?? [];
        _metadataLog = source?.MetadataLog.ToList() ?? [];
        _refs = source?.Refs.ToDictionary(p => p.Key, p => p.Value) ?? [];
    }

    /// <summary>Metadata for a new table: schema 0, spec 0, sort order as given, default properties merged with the caller's.</summary>
    public static TableMetadataBuilder NewTable(Schema schema, PartitionSpec spec, string location,
        IReadOnlyDictionary<string, string>? properties = null, SortOrder? sortOrder = null, Guid? tableUuid = null)
    {
        var builder = new TableMetadataBuilder(null, location.TrimEnd('/'));
        if (tableUuid is { } uuid)
        {
            builder._uuid = uuid;
        }

        var schemaZero = schema.WithSchemaId(0);
        builder._schemas.Add(schemaZero);
        builder._lastColumnId = schemaZero.HighestFieldId;
        spec.PartitionType(schemaZero); // validates sources and transforms
        builder._specs.Add(spec.WithSpecId(0));
        builder._lastPartitionId = Math.Max(spec.LastAssignedFieldId, PartitionSpec.FirstFieldId - 1);
        var order = sortOrder ?? SortOrder.Unsorted;
        builder._sortOrders.Add(order);
        builder._defaultSortOrderId = order.OrderId;
        foreach (var property in TableProperties.Defaults)
        {
            builder._properties[property.Key] = property.Value;
        }

        if (properties is not null)
        {
            foreach (var property in properties)
            {
                builder._properties[property.Key] = property.Value;
            }
        }

        return builder;
    }

    /// <summary>A builder starting from an existing version.</summary>
    public static TableMetadataBuilder From(TableMetadata source) => new(source, source.Location);

    /// <summary>The sequence number the next snapshot gets.</summary>
    public long NextSequenceNumber => _lastSequenceNumber + 1;

    /// <summary>Adds a snapshot and makes it the head of main; its sequence number must be the next one.</summary>
    public TableMetadataBuilder AddSnapshotToMain(Snapshot snapshot)
    {
        if (snapshot.SequenceNumber <= _lastSequenceNumber)
        {
            throw new InvalidOperationException(
                $"snapshot sequence number {snapshot.SequenceNumber} is not above the table's {_lastSequenceNumber}");
        }

        if (_snapshots.Any(s => s.SnapshotId == snapshot.SnapshotId))
        {
            throw new InvalidOperationException($"snapshot id {snapshot.SnapshotId} exists already");
        }

        _snapshots.Add(snapshot);
        _lastSequenceNumber = snapshot.SequenceNumber;
        _currentSnapshotId = snapshot.SnapshotId;
        _refs[SnapshotRef.MainBranch] = _refs.TryGetValue(SnapshotRef.MainBranch, out var main)
            ? main with { SnapshotId = snapshot.SnapshotId } : SnapshotRef.Branch(snapshot.SnapshotId);
        _snapshotLog.Add(new SnapshotLogEntry(snapshot.TimestampMs, snapshot.SnapshotId));
        return this;
    }

    /// <summary>Adds a schema (new id = highest + 1, or an existing id when the same fields exist) and makes it current.</summary>
    public TableMetadataBuilder SetCurrentSchema(Schema schema)
    {
        var existing = _schemas.FirstOrDefault(s => s.SameFieldsAs(schema));
        if (existing is null)
        {
            existing = schema.WithSchemaId(_schemas.Max(s => s.SchemaId) + 1);
            _schemas.Add(existing);
        }
        _currentSchemaId = existing.SchemaId;
        _lastColumnId = Math.Max(_lastColumnId, existing.HighestFieldId);
        return this;
    }

    /// <summary>Sets or overrides table properties.</summary>
    public TableMetadataBuilder SetProperties(IReadOnlyDictionary<string, string> properties)
    {
        foreach (var property in properties)
        {
            _properties[property.Key] = property.Value;
        }

        return this;
    }

    /// <summary>Removes snapshots (never the current one); snapshot-log entries up to the last removed one go too.</summary>
    public TableMetadataBuilder RemoveSnapshots(IReadOnlySet<long> snapshotIds)
    {
        if (_currentSnapshotId is { } current && snapshotIds.Contains(current))
        {
            throw new InvalidOperationException("the current snapshot cannot be expired");
        }

        if (_refs.Values.Any(r => snapshotIds.Contains(r.SnapshotId)))
        {
            throw new InvalidOperationException("a referenced snapshot cannot be expired");
        }

        _snapshots.RemoveAll(s => snapshotIds.Contains(s.SnapshotId));
        var lastRemoved = _snapshotLog.FindLastIndex(e => snapshotIds.Contains(e.SnapshotId));
        if (lastRemoved >= 0)
        {
            _snapshotLog.RemoveRange(0, lastRemoved + 1);
        }

        return this;
    }

    /// <summary>
    /// Builds the new version. When the base was read from a file, that file goes into metadata-log, trimmed to
    /// write.metadata.previous-versions-max entries.
    /// </summary>
    public TableMetadata Build(long lastUpdatedMs)
    {
        if (_base?.MetadataFileLocation is { } previous)
        {
            _metadataLog.Add(new MetadataLogEntry(_base.LastUpdatedMs, previous));
            var max = (int)Math.Max(1, _base.PropertyAsLong(TableProperties.MetadataPreviousVersionsMax, 100));
            if (_metadataLog.Count > max)
            {
                _metadataLog.RemoveRange(0, _metadataLog.Count - max);
            }
        }
        return new TableMetadata
        {
            FormatVersion = 2,
            TableUuid = _uuid,
            Location = _location,
            LastSequenceNumber = _lastSequenceNumber,
            LastUpdatedMs = lastUpdatedMs,
            LastColumnId = _lastColumnId,
            Schemas = _schemas.ToList(),
            CurrentSchemaId = _currentSchemaId,
            PartitionSpecs = _specs.ToList(),
            DefaultSpecId = _defaultSpecId,
            LastPartitionId = _lastPartitionId,
            SortOrders = _sortOrders.ToList(),
            DefaultSortOrderId = _defaultSortOrderId,
            Properties = new Dictionary<string, string>(_properties),
            CurrentSnapshotId = _currentSnapshotId,
            Snapshots = _snapshots.ToList(),
            SnapshotLog = _snapshotLog.ToList(),
            MetadataLog = _metadataLog.ToList(),
            Refs = new Dictionary<string, SnapshotRef>(_refs),
        };
    }
}
