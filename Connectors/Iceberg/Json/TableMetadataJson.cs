using System.Text;
using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Json;

/// <summary>Table metadata file JSON (spec Appendix C, "Table Metadata and Snapshots"), format version 2.</summary>
internal static class TableMetadataJson
{
    /// <summary>Serializes metadata to indented UTF-8 JSON.</summary>
    public static byte[] Serialize(TableMetadata m)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format-version", m.FormatVersion);
            w.WriteString("table-uuid", m.TableUuid.ToString("D"));
            w.WriteString("location", m.Location);
            w.WriteNumber("last-sequence-number", m.LastSequenceNumber);
            w.WriteNumber("last-updated-ms", m.LastUpdatedMs);
            w.WriteNumber("last-column-id", m.LastColumnId);
            w.WriteNumber("current-schema-id", m.CurrentSchemaId);
            w.WriteStartArray("schemas");
            foreach (var s in m.Schemas)
            {
                SpecJson.WriteSchema(w, s);
            }

            w.WriteEndArray();
            w.WriteNumber("default-spec-id", m.DefaultSpecId);
            w.WriteStartArray("partition-specs");
            foreach (var s in m.PartitionSpecs)
            {
                SpecJson.WritePartitionSpec(w, s);
            }

            w.WriteEndArray();
            w.WriteNumber("last-partition-id", m.LastPartitionId);
            w.WriteNumber("default-sort-order-id", m.DefaultSortOrderId);
            w.WriteStartArray("sort-orders");
            foreach (var s in m.SortOrders)
            {
                SpecJson.WriteSortOrder(w, s);
            }

            w.WriteEndArray();
            w.WriteStartObject("properties");
            foreach (var p in m.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(p.Key, p.Value);
            }

            w.WriteEndObject();
            // Omitted for an empty table: the spec makes it optional and readers differ on null versus -1.
            if (m.CurrentSnapshotId is { } current)
            {
                w.WriteNumber("current-snapshot-id", current);
            }

            w.WriteStartObject("refs");
            foreach (var (name, r) in m.Refs)
            {
                w.WriteStartObject(name);
                w.WriteNumber("snapshot-id", r.SnapshotId);
                w.WriteString("type", r.Type);
                if (r.MinSnapshotsToKeep is { } min)
                {
                    w.WriteNumber("min-snapshots-to-keep", min);
                }

                if (r.MaxSnapshotAgeMs is { } age)
                {
                    w.WriteNumber("max-snapshot-age-ms", age);
                }

                if (r.MaxRefAgeMs is { } refAge)
                {
                    w.WriteNumber("max-ref-age-ms", refAge);
                }

                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("snapshots");
            foreach (var s in m.Snapshots)
            {
                WriteSnapshot(w, s);
            }

            w.WriteEndArray();
            w.WriteStartArray("snapshot-log");
            foreach (var e in m.SnapshotLog)
            {
                w.WriteStartObject();
                w.WriteNumber("timestamp-ms", e.TimestampMs);
                w.WriteNumber("snapshot-id", e.SnapshotId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("metadata-log");
            foreach (var e in m.MetadataLog)
            {
                w.WriteStartObject();
                w.WriteNumber("timestamp-ms", e.TimestampMs);
                w.WriteString("metadata-file", e.MetadataFile);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static void WriteSnapshot(Utf8JsonWriter w, Snapshot s)
    {
        w.WriteStartObject();
        w.WriteNumber("snapshot-id", s.SnapshotId);
        if (s.ParentSnapshotId is { } parent)
        {
            w.WriteNumber("parent-snapshot-id", parent);
        }

        w.WriteNumber("sequence-number", s.SequenceNumber);
        w.WriteNumber("timestamp-ms", s.TimestampMs);
        w.WriteString("manifest-list", s.ManifestList);
        w.WriteStartObject("summary");
        w.WriteString("operation", s.Operation);
        foreach (var p in s.Summary.Where(p => p.Key != "operation"))
        {
            w.WriteString(p.Key, p.Value);
        }

        w.WriteEndObject();
        if (s.SchemaId is { } schemaId)
        {
            w.WriteNumber("schema-id", schemaId);
        }

        w.WriteEndObject();
    }

    /// <summary>Parses a format-version 2 metadata file; rejects other versions.</summary>
    public static TableMetadata Parse(ReadOnlySpan<byte> json, string? location = null)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var r = doc.RootElement;
        var version = r.GetProperty("format-version").GetInt32();
        if (version != 2)
        {
            throw new NotSupportedException($"table metadata format-version {version} is not supported (only 2)");
        }

        return new TableMetadata
        {
            FormatVersion = version,
            TableUuid = Guid.Parse(r.GetProperty("table-uuid").GetString()!),
            Location = r.GetProperty("location").GetString()!,
            LastSequenceNumber = r.GetProperty("last-sequence-number").GetInt64(),
            LastUpdatedMs = r.GetProperty("last-updated-ms").GetInt64(),
            LastColumnId = r.GetProperty("last-column-id").GetInt32(),
            Schemas = r.GetProperty("schemas").EnumerateArray().Select(SpecJson.ReadSchema).ToList(),
            CurrentSchemaId = r.GetProperty("current-schema-id").GetInt32(),
            PartitionSpecs = r.GetProperty("partition-specs").EnumerateArray().Select(SpecJson.ReadPartitionSpec).ToList(),
            DefaultSpecId = r.GetProperty("default-spec-id").GetInt32(),
            LastPartitionId = r.GetProperty("last-partition-id").GetInt32(),
            SortOrders = r.GetProperty("sort-orders").EnumerateArray().Select(SpecJson.ReadSortOrder).ToList(),
            DefaultSortOrderId = r.GetProperty("default-sort-order-id").GetInt32(),
            Properties = r.TryGetProperty("properties", out var props)
                ? props.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : [],
            CurrentSnapshotId = r.TryGetProperty("current-snapshot-id", out var cs) && cs.ValueKind == JsonValueKind.Number
                && cs.GetInt64() != -1 ? cs.GetInt64() : null,
            Snapshots = r.TryGetProperty("snapshots", out var snaps) ? snaps.EnumerateArray().Select(ReadSnapshot).ToList() : [],
            SnapshotLog = r.TryGetProperty("snapshot-log", out var sl)
                ? sl.EnumerateArray().Select(e => new SnapshotLogEntry(e.GetProperty("timestamp-ms").GetInt64(),
                    e.GetProperty("snapshot-id").GetInt64())).ToList() : [],
            MetadataLog = r.TryGetProperty("metadata-log", out var ml)
                ? ml.EnumerateArray().Select(e => new MetadataLogEntry(e.GetProperty("timestamp-ms").GetInt64(),
                    e.GetProperty("metadata-file").GetString()!)).ToList() : [],
            Refs = r.TryGetProperty("refs", out var refs) ? refs.EnumerateObject().ToDictionary(p => p.Name, p => ReadRef(p.Value)) : [],
            MetadataFileLocation = location,
        };
    }

    private static Snapshot ReadSnapshot(JsonElement e) => new(
        e.GetProperty("snapshot-id").GetInt64(),
        e.TryGetProperty("parent-snapshot-id", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt64() : null,
        e.GetProperty("sequence-number").GetInt64(),
        e.GetProperty("timestamp-ms").GetInt64(),
        e.GetProperty("manifest-list").GetString()!,
        e.GetProperty("summary").EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString()!),
        e.TryGetProperty("schema-id", out var sid) && sid.ValueKind == JsonValueKind.Number ? sid.GetInt32() : null);

    private static SnapshotRef ReadRef(JsonElement e) => new(
        e.GetProperty("snapshot-id").GetInt64(),
        e.GetProperty("type").GetString()!,
        e.TryGetProperty("min-snapshots-to-keep", out var a) ? a.GetInt32() : null,
        e.TryGetProperty("max-snapshot-age-ms", out var b) ? b.GetInt64() : null,
        e.TryGetProperty("max-ref-age-ms", out var c) ? c.GetInt64() : null);

    /// <summary>UTF-8 text helper for logs and tests.</summary>
    public static string ToJsonString(TableMetadata m) => Encoding.UTF8.GetString(Serialize(m));
}
