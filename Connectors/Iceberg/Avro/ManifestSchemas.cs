using System.Text.Json.Nodes;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>
/// The Avro schemas of v2 manifests (manifest_entry with data_file and the spec's partition struct) and of manifest
/// lists (manifest_file), with Iceberg field ids as "field-id" / "element-id" and int-keyed maps as arrays of
/// key/value records annotated <c>"logicalType": "map"</c>.
/// </summary>
internal static class ManifestSchemas
{
    public static string ManifestEntry(IReadOnlyList<NestedField> partitionType)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var partitionFields = new JsonArray(
            partitionType.Select(f => Optional(f.Name, AvroType(f.Type, names), f.Id)).ToArray<JsonNode?>());
        var dataFile = Record("r2",
            Field("content", "int", FieldIds.Content),
            Field("file_path", "string", FieldIds.FilePath),
            Field("file_format", "string", FieldIds.FileFormat),
            Field("partition", new JsonObject { ["type"] = "record", ["name"] = "r102", ["fields"] = partitionFields }, FieldIds.Partition),
            Field("record_count", "long", FieldIds.RecordCount),
            Field("file_size_in_bytes", "long", FieldIds.FileSizeInBytes),
            Optional("column_sizes", IntKeyedMap(FieldIds.ColumnSizesKey, FieldIds.ColumnSizesValue, "long"), FieldIds.ColumnSizes),
            Optional("value_counts", IntKeyedMap(FieldIds.ValueCountsKey, FieldIds.ValueCountsValue, "long"), FieldIds.ValueCounts),
            Optional("null_value_counts", IntKeyedMap(FieldIds.NullValueCountsKey, FieldIds.NullValueCountsValue, "long"),
                FieldIds.NullValueCounts),
            Optional("nan_value_counts", IntKeyedMap(FieldIds.NanValueCountsKey, FieldIds.NanValueCountsValue, "long"),
                FieldIds.NanValueCounts),
            Optional("lower_bounds", IntKeyedMap(FieldIds.LowerBoundsKey, FieldIds.LowerBoundsValue, "bytes"), FieldIds.LowerBounds),
            Optional("upper_bounds", IntKeyedMap(FieldIds.UpperBoundsKey, FieldIds.UpperBoundsValue, "bytes"), FieldIds.UpperBounds),
            Optional("key_metadata", "bytes", FieldIds.KeyMetadata),
            Optional("split_offsets", new JsonObject { ["type"] = "array", ["items"] = "long",
                ["element-id"] = FieldIds.SplitOffsetsElement }, FieldIds.SplitOffsets),
            Optional("equality_ids", new JsonObject { ["type"] = "array", ["items"] = "int", ["element-id"] = FieldIds.EqualityIdsElement },
                FieldIds.EqualityIds),
            Optional("sort_order_id", "int", FieldIds.SortOrderId),
            Optional("referenced_data_file", "string", FieldIds.ReferencedDataFile));
        return Record("manifest_entry",
            Field("status", "int", FieldIds.Status),
            Optional("snapshot_id", "long", FieldIds.SnapshotId),
            Optional("sequence_number", "long", FieldIds.SequenceNumber),
            Optional("file_sequence_number", "long", FieldIds.FileSequenceNumber),
            Field("data_file", dataFile, FieldIds.DataFile)).ToJsonString();
    }

    public static string ManifestFile()
    {
        var summary = Record("r508",
            Field("contains_null", "boolean", FieldIds.ContainsNull),
            Optional("contains_nan", "boolean", FieldIds.ContainsNan),
            Optional("lower_bound", "bytes", FieldIds.LowerBound),
            Optional("upper_bound", "bytes", FieldIds.UpperBound));
        return Record("manifest_file",
            Field("manifest_path", "string", FieldIds.ManifestPath),
            Field("manifest_length", "long", FieldIds.ManifestLength),
            Field("partition_spec_id", "int", FieldIds.PartitionSpecId),
            Field("content", "int", FieldIds.ManifestContent),
            Field("sequence_number", "long", FieldIds.ManifestSequenceNumber),
            Field("min_sequence_number", "long", FieldIds.MinSequenceNumber),
            Field("added_snapshot_id", "long", FieldIds.AddedSnapshotId),
            Field("added_files_count", "int", FieldIds.AddedFilesCount),
            Field("existing_files_count", "int", FieldIds.ExistingFilesCount),
            Field("deleted_files_count", "int", FieldIds.DeletedFilesCount),
            Field("added_rows_count", "long", FieldIds.AddedRowsCount),
            Field("existing_rows_count", "long", FieldIds.ExistingRowsCount),
            Field("deleted_rows_count", "long", FieldIds.DeletedRowsCount),
            Optional("partitions", new JsonObject { ["type"] = "array", ["items"] = summary, ["element-id"] = FieldIds.PartitionsElement },
                FieldIds.Partitions),
            Optional("key_metadata", "bytes", FieldIds.ManifestKeyMetadata)).ToJsonString();
    }

    /// <summary>Avro type of an Iceberg primitive (spec Appendix A); named types are declared once per schema.</summary>
    public static JsonNode AvroType(IcebergType type, ISet<string> declaredNames)
    {
        switch (type.Kind)
        {
            case TypeKind.Boolean: return "boolean";
            case TypeKind.Int: return "int";
            case TypeKind.Long: return "long";
            case TypeKind.Float: return "float";
            case TypeKind.Double: return "double";
            case TypeKind.String: return "string";
            case TypeKind.Binary: return "bytes";
            case TypeKind.Date: return new JsonObject { ["type"] = "int", ["logicalType"] = "date" };
            case TypeKind.Time: return new JsonObject { ["type"] = "long", ["logicalType"] = "time-micros" };
            case TypeKind.Timestamp: return new JsonObject { ["type"] = "long", ["logicalType"] = "timestamp-micros",
                ["adjust-to-utc"] = false };
            case TypeKind.TimestampTz: return new JsonObject { ["type"] = "long", ["logicalType"] = "timestamp-micros",
                ["adjust-to-utc"] = true };
            case TypeKind.Decimal:
                return Named($"decimal_{type.Precision}_{type.Scale}", declaredNames, () => new JsonObject
                {
                    ["type"] = "fixed",
                    ["name"] = $"decimal_{type.Precision}_{type.Scale}",
                    ["size"] = type.DecimalRequiredBytes(),
                    ["logicalType"] = "decimal",
                    ["precision"] = type.Precision,
                    ["scale"] = type.Scale,
                });
            case TypeKind.Uuid:
                return Named("uuid_fixed", declaredNames,
                    () => new JsonObject { ["type"] = "fixed", ["name"] = "uuid_fixed", ["size"] = 16, ["logicalType"] = "uuid" });
            case TypeKind.Fixed:
                return Named($"fixed_{type.Length}", declaredNames,
                    () => new JsonObject { ["type"] = "fixed", ["name"] = $"fixed_{type.Length}", ["size"] = type.Length });
            default: throw new NotSupportedException(type.ToString());
        }
    }

    private static JsonNode Named(string name, ISet<string> declared, Func<JsonObject> declare) => declared.Add(name) ? declare() : name;

    private static JsonObject IntKeyedMap(int keyId, int valueId, string valueType) => new()
    {
        ["type"] = "array",
        ["logicalType"] = "map",
        ["items"] = Record($"k{keyId}_v{valueId}", Field("key", "int", keyId), Field("value", valueType, valueId)),
    };

    private static JsonObject Record(string name, params JsonObject[] fields) =>
        new() { ["type"] = "record", ["name"] = name, ["fields"] = new JsonArray(fields.ToArray<JsonNode?>()) };

    private static JsonObject Field(string name, JsonNode type, int fieldId) =>
        new() { ["name"] = name, ["type"] = type, ["field-id"] = fieldId };

    private static JsonObject Optional(string name, JsonNode type, int fieldId) =>
        new() { ["name"] = name, ["type"] = new JsonArray("null", type), ["default"] = null, ["field-id"] = fieldId };
}
