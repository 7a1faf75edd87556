using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Json;

/// <summary>JSON forms of schemas, partition specs and sort orders (spec Appendix C).</summary>
internal static class SpecJson
{
    public static void WriteSchema(Utf8JsonWriter w, Schema schema)
    {
        w.WriteStartObject();
        w.WriteString("type", "struct");
        w.WriteNumber("schema-id", schema.SchemaId);
        if (schema.IdentifierFieldIds.Count > 0)
        {
            w.WriteStartArray("identifier-field-ids");
            foreach (var id in schema.IdentifierFieldIds)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
        }
        w.WriteStartArray("fields");
        foreach (var f in schema.Fields)
        {
            w.WriteStartObject();
            w.WriteNumber("id", f.Id);
            w.WriteString("name", f.Name);
            w.WriteBoolean("required", f.Required);
            w.WriteString("type", f.Type.ToString());
            if (f.Doc is not null)
            {
                w.WriteString("doc", f.Doc);
            }

            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static Schema ReadSchema(JsonElement e)
    {
        var fields = e.GetProperty("fields").EnumerateArray().Select(f => new NestedField(
            f.GetProperty("id").GetInt32(),
            f.GetProperty("name").GetString()!,
            f.GetProperty("required").GetBoolean(),
            f.GetProperty("type").ValueKind == JsonValueKind.String
                ? IcebergType.Parse(f.GetProperty("type").GetString()!)
                : throw new NotSupportedException($"nested type of field '{f.GetProperty("name").GetString()}' is not supported"),
            f.TryGetProperty("doc", out var doc) ? doc.GetString() : null)).ToList();
        var ids = e.TryGetProperty("identifier-field-ids", out var idArray) ? idArray.EnumerateArray().Select(i => i.GetInt32()).ToList()
            : null;
        return new Schema(e.TryGetProperty("schema-id", out var sid) ? sid.GetInt32() : 0, fields, ids);
    }

    /// <summary>Writes only the fields array, as the manifest's "partition-spec" metadata requires.</summary>
    public static void WritePartitionFields(Utf8JsonWriter w, PartitionSpec spec)
    {
        w.WriteStartArray();
        foreach (var f in spec.Fields)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("transform", f.Transform.ToString());
            w.WriteNumber("source-id", f.SourceId);
            w.WriteNumber("field-id", f.FieldId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WritePartitionSpec(Utf8JsonWriter w, PartitionSpec spec)
    {
        w.WriteStartObject();
        w.WriteNumber("spec-id", spec.SpecId);
        w.WritePropertyName("fields");
        WritePartitionFields(w, spec);
        w.WriteEndObject();
    }

    public static PartitionSpec ReadPartitionSpec(JsonElement e) => new(
        e.GetProperty("spec-id").GetInt32(),
        e.GetProperty("fields").EnumerateArray().Select(f => new PartitionField(
            f.GetProperty("source-id").GetInt32(),
            f.GetProperty("field-id").GetInt32(),
            f.GetProperty("name").GetString()!,
            Transform.Parse(f.GetProperty("transform").GetString()!))).ToList());

    public static void WriteSortOrder(Utf8JsonWriter w, SortOrder order)
    {
        w.WriteStartObject();
        w.WriteNumber("order-id", order.OrderId);
        w.WriteStartArray("fields");
        foreach (var f in order.Fields)
        {
            w.WriteStartObject();
            w.WriteString("transform", f.Transform.ToString());
            w.WriteNumber("source-id", f.SourceId);
            w.WriteString("direction", f.Direction == SortDirection.Ascending ? "asc" : "desc");
            w.WriteString("null-order", f.NullOrder == NullOrder.NullsFirst ? "nulls-first" : "nulls-last");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static SortOrder ReadSortOrder(JsonElement e) => new(
        e.GetProperty("order-id").GetInt32(),
        e.GetProperty("fields").EnumerateArray().Select(f => new SortField(
            f.GetProperty("source-id").GetInt32(),
            Transform.Parse(f.GetProperty("transform").GetString()!),
            f.GetProperty("direction").GetString() == "desc" ? SortDirection.Descending : SortDirection.Ascending,
            f.GetProperty("null-order").GetString() == "nulls-last" ? NullOrder.NullsLast : NullOrder.NullsFirst)).ToList());

    /// <summary>A standalone JSON string of one object written by <paramref name="write"/>.</summary>
    public static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            write(w);
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
