using System.Globalization;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>
/// Writes a v2 data manifest: an Avro container of manifest_entry records with the required file metadata
/// (schema, schema-id, partition-spec, partition-spec-id, format-version, content).
/// </summary>
internal static class ManifestWriter
{
    public static byte[] Write(Schema schema, PartitionSpec spec, IReadOnlyList<ManifestEntry> entries)
    {
        var partitionType = spec.PartitionType(schema);
        var metadata = new Dictionary<string, string>
        {
            ["schema"] = SpecJson.ToJson(w => SpecJson.WriteSchema(w, schema)),
            ["schema-id"] = schema.SchemaId.ToString(CultureInfo.InvariantCulture),
            ["partition-spec"] = SpecJson.ToJson(w => SpecJson.WritePartitionFields(w, spec)),
            ["partition-spec-id"] = spec.SpecId.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = "2",
            ["content"] = "data",
        };
        return AvroContainerWriter.Write(
            ManifestSchemas.ManifestEntry(partitionType), metadata, entries, (enc, e) => WriteEntry(enc, e, partitionType));
    }

    private static void WriteEntry(AvroEncoder enc, ManifestEntry entry, IReadOnlyList<NestedField> partitionType)
    {
        enc.WriteInt((int)entry.Status);
        enc.WriteOptionalLong(entry.SnapshotId);
        enc.WriteOptionalLong(entry.SequenceNumber);
        enc.WriteOptionalLong(entry.FileSequenceNumber);
        var dataFile = entry.DataFile;
        enc.WriteInt((int)dataFile.Content);
        enc.WriteString(dataFile.FilePath);
        // upper case like the reference implementation; readers compare case-insensitively
        enc.WriteString(dataFile.FileFormat.ToUpperInvariant());
        for (var i = 0; i < partitionType.Count; i++)
        {
            var value = dataFile.Partition[i];
            if (value is null) { enc.WriteUnionIndex(0); continue; }
            enc.WriteUnionIndex(1);
            AvroValues.Write(enc, value, partitionType[i].Type);
        }
        enc.WriteLong(dataFile.RecordCount);
        enc.WriteLong(dataFile.FileSizeInBytes);
        WriteLongMap(enc, dataFile.ColumnSizes);
        WriteLongMap(enc, dataFile.ValueCounts);
        WriteLongMap(enc, dataFile.NullValueCounts);
        WriteLongMap(enc, dataFile.NanValueCounts);
        WriteBytesMap(enc, dataFile.LowerBounds);
        WriteBytesMap(enc, dataFile.UpperBounds);
        enc.WriteUnionIndex(0); // key_metadata
        if (dataFile.SplitOffsets is { } offsets)
        {
            enc.WriteUnionIndex(1);
            enc.WriteArray(offsets.ToList(), enc.WriteLong);
        }
        else
        {
            enc.WriteUnionIndex(0);
        }

        enc.WriteUnionIndex(0); // equality_ids: only for equality delete files
        enc.WriteOptionalInt(dataFile.SortOrderId);
        enc.WriteUnionIndex(0); // referenced_data_file: only for position deletes
    }

    private static void WriteLongMap(AvroEncoder enc, IReadOnlyDictionary<int, long>? map)
    {
        if (map is null) { enc.WriteUnionIndex(0); return; }
        enc.WriteUnionIndex(1);
        enc.WriteArray(map.OrderBy(p => p.Key).ToList(), p => { enc.WriteInt(p.Key); enc.WriteLong(p.Value); });
    }

    private static void WriteBytesMap(AvroEncoder enc, IReadOnlyDictionary<int, byte[]>? map)
    {
        if (map is null) { enc.WriteUnionIndex(0); return; }
        enc.WriteUnionIndex(1);
        enc.WriteArray(map.OrderBy(p => p.Key).ToList(), p => { enc.WriteInt(p.Key); enc.WriteBytes(p.Value); });
    }
}
