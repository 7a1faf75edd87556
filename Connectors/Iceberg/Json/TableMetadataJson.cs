using System.Text;
using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Json;

/// <summary>Table metadata file JSON (spec Appendix C, "Table Metadata and Snapshots"), format version 2.</summary>
internal static class TableMetadataJson
{
    /// <summary>Serializes metadata to indented UTF-8 JSON.</summary>
    public static byte[] Serialize(TableMetadata metadata)
    {
        using var ms = new MemoryStream();
        using (var writer = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format-version", metadata.FormatVersion);
            writer.WriteString("table-uuid", metadata.TableUuid.ToString("D"));
            writer.WriteString("location", metadata.Location);
            writer.WriteNumber("last-sequence-number", metadata.LastSequenceNumber);
            writer.WriteNumber("last-updated-ms", metadata.LastUpdatedMs);
            writer.WriteNumber("last-column-id", metadata.LastColumnId);
            writer.WriteNumber("current-schema-id", metadata.CurrentSchemaId);
            writer.WriteStartArray("schemas");
            foreach (var schema in metadata.Schemas)
            {
                SpecJson.WriteSchema(writer, schema);
            }

            writer.WriteEndArray();
            writer.WriteNumber("default-spec-id", metadata.DefaultSpecId);
            writer.WriteStartArray("partition-specs");
            foreach (var spec in metadata.PartitionSpecs)
            {
                SpecJson.WritePartitionSpec(writer, spec);
            }

            writer.WriteEndArray();
            writer.WriteNumber("last-partition-id", metadata.LastPartitionId);
            writer.WriteNumber("default-sort-order-id", metadata.DefaultSortOrderId);
            writer.WriteStartArray("sort-orders");
            foreach (var sortOrder in metadata.SortOrders)
            {
                SpecJson.WriteSortOrder(writer, sortOrder);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("properties");
            foreach (var property in metadata.Properties.OrderBy(property => property.Key, StringComparer.Ordinal))
            {
                writer.WriteString(property.Key, property.Value);
            }

            writer.WriteEndObject();
            // Omitted for an empty table: the spec makes it optional and readers differ on null versus -1.
            if (metadata.CurrentSnapshotId is { } current)
            {
                writer.WriteNumber("current-snapshot-id", current);
            }

            writer.WriteStartObject("refs");
            foreach (var (name, reference) in metadata.Refs)
            {
                writer.WriteStartObject(name);
                writer.WriteNumber("snapshot-id", reference.SnapshotId);
                writer.WriteString("type", reference.Type);
                if (reference.MinSnapshotsToKeep is { } min)
                {
                    writer.WriteNumber("min-snapshots-to-keep", min);
                }

                if (reference.MaxSnapshotAgeMs is { } age)
                {
                    writer.WriteNumber("max-snapshot-age-ms", age);
                }

                if (reference.MaxRefAgeMs is { } refAge)
                {
                    writer.WriteNumber("max-ref-age-ms", refAge);
                }

                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteStartArray("snapshots");
            foreach (var snapshot in metadata.Snapshots)
            {
                WriteSnapshot(writer, snapshot);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("snapshot-log");
            foreach (var entry in metadata.SnapshotLog)
            {
                writer.WriteStartObject();
                writer.WriteNumber("timestamp-ms", entry.TimestampMs);
                writer.WriteNumber("snapshot-id", entry.SnapshotId);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("metadata-log");
            foreach (var entry in metadata.MetadataLog)
            {
                writer.WriteStartObject();
                writer.WriteNumber("timestamp-ms", entry.TimestampMs);
                writer.WriteString("metadata-file", entry.MetadataFile);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static void WriteSnapshot(Utf8JsonWriter writer, Snapshot snapshot)
    {
        writer.WriteStartObject();
        writer.WriteNumber("snapshot-id", snapshot.SnapshotId);
        if (snapshot.ParentSnapshotId is { } parent)
        {
            writer.WriteNumber("parent-snapshot-id", parent);
        }

        writer.WriteNumber("sequence-number", snapshot.SequenceNumber);
        writer.WriteNumber("timestamp-ms", snapshot.TimestampMs);
        writer.WriteString("manifest-list", snapshot.ManifestList);
        writer.WriteStartObject("summary");
        writer.WriteString("operation", snapshot.Operation);
        foreach (var property in snapshot.Summary.Where(property => property.Key != "operation"))
        {
            writer.WriteString(property.Key, property.Value);
        }

        writer.WriteEndObject();
        if (snapshot.SchemaId is { } schemaId)
        {
            writer.WriteNumber("schema-id", schemaId);
        }

        writer.WriteEndObject();
    }

    /// <summary>Parses a format-version 2 metadata file; rejects other versions.</summary>
    public static TableMetadata Parse(ReadOnlySpan<byte> json, string? location = null)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var version = root.GetProperty("format-version").GetInt32();
        if (version != 2)
        {
            throw new NotSupportedException($"table metadata format-version {version} is not supported (only 2)");
        }

        return new TableMetadata
        {
            FormatVersion = version,
            TableUuid = Guid.Parse(root.GetProperty("table-uuid").GetString()!),
            Location = root.GetProperty("location").GetString()!,
            LastSequenceNumber = root.GetProperty("last-sequence-number").GetInt64(),
            LastUpdatedMs = root.GetProperty("last-updated-ms").GetInt64(),
            LastColumnId = root.GetProperty("last-column-id").GetInt32(),
            Schemas = root.GetProperty("schemas").EnumerateArray().Select(SpecJson.ReadSchema).ToList(),
            CurrentSchemaId = root.GetProperty("current-schema-id").GetInt32(),
            PartitionSpecs = root.GetProperty("partition-specs").EnumerateArray().Select(SpecJson.ReadPartitionSpec).ToList(),
            DefaultSpecId = root.GetProperty("default-spec-id").GetInt32(),
            LastPartitionId = root.GetProperty("last-partition-id").GetInt32(),
            SortOrders = root.GetProperty("sort-orders").EnumerateArray().Select(SpecJson.ReadSortOrder).ToList(),
            DefaultSortOrderId = root.GetProperty("default-sort-order-id").GetInt32(),
            Properties = root.TryGetProperty("properties", out var props)
                ? props.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : [],
            CurrentSnapshotId = root.TryGetProperty("current-snapshot-id", out var cs) && cs.ValueKind == JsonValueKind.Number
                && cs.GetInt64() != -1 ? cs.GetInt64() : null,
            Snapshots = root.TryGetProperty("snapshots", out var snaps) ? snaps.EnumerateArray().Select(ReadSnapshot).ToList() : [],
            SnapshotLog = root.TryGetProperty("snapshot-log", out var sl)
                ? sl.EnumerateArray().Select(e => new SnapshotLogEntry(e.GetProperty("timestamp-ms").GetInt64(),
                    e.GetProperty("snapshot-id").GetInt64())).ToList() : [],
            MetadataLog = root.TryGetProperty("metadata-log", out var ml)
                ? ml.EnumerateArray().Select(e => new MetadataLogEntry(e.GetProperty("timestamp-ms").GetInt64(),
                    e.GetProperty("metadata-file").GetString()!)).ToList() : [],
            Refs = root.TryGetProperty("refs", out var refs) ? refs.EnumerateObject().ToDictionary(p => p.Name, p => ReadRef(p.Value)) : [],
            MetadataFileLocation = location,
        };
    }

    private static Snapshot ReadSnapshot(JsonElement element) => new(
        element.GetProperty("snapshot-id").GetInt64(),
        element.TryGetProperty("parent-snapshot-id", out var parent) && parent.ValueKind == JsonValueKind.Number ? parent.GetInt64() : null,
        element.GetProperty("sequence-number").GetInt64(),
        element.GetProperty("timestamp-ms").GetInt64(),
        element.GetProperty("manifest-list").GetString()!,
        element.GetProperty("summary").EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString()!),
        element.TryGetProperty("schema-id", out var sid) && sid.ValueKind == JsonValueKind.Number ? sid.GetInt32() : null);

    private static SnapshotRef ReadRef(JsonElement element) => new(
        element.GetProperty("snapshot-id").GetInt64(),
        element.GetProperty("type").GetString()!,
        element.TryGetProperty("min-snapshots-to-keep", out var minSnapshots) ? minSnapshots.GetInt32() : null,
        element.TryGetProperty("max-snapshot-age-ms", out var maxSnapshotAge) ? maxSnapshotAge.GetInt64() : null,
        element.TryGetProperty("max-ref-age-ms", out var maxRefAge) ? maxRefAge.GetInt64() : null);

    /// <summary>UTF-8 text helper for logs and tests.</summary>
    public static string ToJsonString(TableMetadata metadata) => Encoding.UTF8.GetString(Serialize(metadata));
}
