using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Json;

/// <summary>JSON forms of schemas, partition specs and sort orders (spec Appendix C).</summary>
internal static class SpecJson
{
    public static void WriteSchema(Utf8JsonWriter writer, Schema schema)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "struct");
        writer.WriteNumber("schema-id", schema.SchemaId);
        if (schema.IdentifierFieldIds.Count > 0)
        {
            writer.WriteStartArray("identifier-field-ids");
            foreach (var id in schema.IdentifierFieldIds)
            {
                writer.WriteNumberValue(id);
            }

            writer.WriteEndArray();
        }
        writer.WriteStartArray("fields");
        foreach (var field in schema.Fields)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", field.Id);
            writer.WriteString("name", field.Name);
            writer.WriteBoolean("required", field.Required);
            writer.WriteString("type", field.Type.ToString());
            if (field.Doc is not null)
            {
                writer.WriteString("doc", field.Doc);
            }

            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static Schema ReadSchema(JsonElement element)
    {
        var fields = element.GetProperty("fields").EnumerateArray().Select(field => new NestedField(
            field.GetProperty("id").GetInt32(),
            field.GetProperty("name").GetString()!,
            field.GetProperty("required").GetBoolean(),
            field.GetProperty("type").ValueKind == JsonValueKind.String
                ? IcebergType.Parse(field.GetProperty("type").GetString()!)
                : throw new NotSupportedException($"nested type of field '{field.GetProperty("name").GetString()}' is not supported"),
            field.TryGetProperty("doc", out var doc) ? doc.GetString() : null)).ToList();
        var ids = element.TryGetProperty("identifier-field-ids", out var idArray)
            ? idArray.EnumerateArray().Select(i => i.GetInt32()).ToList()
            : null;
        return new Schema(element.TryGetProperty("schema-id", out var sid) ? sid.GetInt32() : 0, fields, ids);
    }

    /// <summary>Writes only the fields array, as the manifest's "partition-spec" metadata requires.</summary>
    public static void WritePartitionFields(Utf8JsonWriter writer, PartitionSpec spec)
    {
        writer.WriteStartArray();
        foreach (var field in spec.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("name", field.Name);
            writer.WriteString("transform", field.Transform.ToString());
            writer.WriteNumber("source-id", field.SourceId);
            writer.WriteNumber("field-id", field.FieldId);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WritePartitionSpec(Utf8JsonWriter writer, PartitionSpec spec)
    {
        writer.WriteStartObject();
        writer.WriteNumber("spec-id", spec.SpecId);
        writer.WritePropertyName("fields");
        WritePartitionFields(writer, spec);
        writer.WriteEndObject();
    }

    public static PartitionSpec ReadPartitionSpec(JsonElement element) => new(
        element.GetProperty("spec-id").GetInt32(),
        element.GetProperty("fields").EnumerateArray().Select(field => new PartitionField(
            field.GetProperty("source-id").GetInt32(),
            field.GetProperty("field-id").GetInt32(),
            field.GetProperty("name").GetString()!,
            Transform.Parse(field.GetProperty("transform").GetString()!))).ToList());

    public static void WriteSortOrder(Utf8JsonWriter writer, SortOrder order)
    {
        writer.WriteStartObject();
        writer.WriteNumber("order-id", order.OrderId);
        writer.WriteStartArray("fields");
        foreach (var field in order.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("transform", field.Transform.ToString());
            writer.WriteNumber("source-id", field.SourceId);
            writer.WriteString("direction", field.Direction == SortDirection.Ascending ? "asc" : "desc");
            writer.WriteString("null-order", field.NullOrder == NullOrder.NullsFirst ? "nulls-first" : "nulls-last");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static SortOrder ReadSortOrder(JsonElement element) => new(
        element.GetProperty("order-id").GetInt32(),
        element.GetProperty("fields").EnumerateArray().Select(field => new SortField(
            field.GetProperty("source-id").GetInt32(),
            Transform.Parse(field.GetProperty("transform").GetString()!),
            field.GetProperty("direction").GetString() == "desc" ? SortDirection.Descending : SortDirection.Ascending,
            field.GetProperty("null-order").GetString() == "nulls-last" ? NullOrder.NullsLast : NullOrder.NullsFirst)).ToList());

    /// <summary>A standalone JSON string of one object written by <paramref name="write"/>.</summary>
    public static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var writer = new Utf8JsonWriter(ms))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
