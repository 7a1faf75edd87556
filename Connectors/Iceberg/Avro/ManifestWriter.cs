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

    private static void WriteEntry(AvroEncoder enc, ManifestEntry e, IReadOnlyList<NestedField> partitionType)
    {
        enc.WriteInt((int)e.Status);
        enc.WriteOptionalLong(e.SnapshotId);
        enc.WriteOptionalLong(e.SequenceNumber);
        enc.WriteOptionalLong(e.FileSequenceNumber);
        var f = e.DataFile;
        enc.WriteInt((int)f.Content);
        enc.WriteString(f.FilePath);
        // upper case like the reference implementation; readers compare case-insensitively
        enc.WriteString(f.FileFormat.ToUpperInvariant());
        for (var i = 0; i < partitionType.Count; i++)
        {
            var value = f.Partition[i];
            if (value is null) { enc.WriteUnionIndex(0); continue; }
            enc.WriteUnionIndex(1);
            AvroValues.Write(enc, value, partitionType[i].Type);
        }
        enc.WriteLong(f.RecordCount);
        enc.WriteLong(f.FileSizeInBytes);
        WriteLongMap(enc, f.ColumnSizes);
        WriteLongMap(enc, f.ValueCounts);
        WriteLongMap(enc, f.NullValueCounts);
        WriteLongMap(enc, f.NanValueCounts);
        WriteBytesMap(enc, f.LowerBounds);
        WriteBytesMap(enc, f.UpperBounds);
        enc.WriteUnionIndex(0); // key_metadata
        if (f.SplitOffsets is { } offsets)
        {
            enc.WriteUnionIndex(1);
            enc.WriteArray(offsets.ToList(), enc.WriteLong);
        }
        else
        {
            enc.WriteUnionIndex(0);
        }

        enc.WriteUnionIndex(0); // equality_ids: only for equality delete files
        enc.WriteOptionalInt(f.SortOrderId);
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
