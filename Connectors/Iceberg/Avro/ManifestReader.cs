using Avro.File;
using Avro.Generic;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>
/// Reads a v2 manifest. Applies inheritance: an entry with a null snapshot id takes the manifest's added snapshot id;
/// an ADDED entry with null sequence numbers takes the manifest's sequence number from the manifest list.
/// </summary>
internal static class ManifestReader
{
    public static IReadOnlyList<ManifestEntry> Read(byte[] bytes, ManifestFile manifest, TableMetadata table)
    {
        var spec = table.SpecById(manifest.PartitionSpecId);
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(bytes));
        var schemaId = int.TryParse(reader.GetMetaString("schema-id"), out var id) ? id : table.CurrentSchemaId;
        var schema = table.Schemas.FirstOrDefault(s => s.SchemaId == schemaId) ?? table.CurrentSchema;
        var partitionType = spec.PartitionType(schema);
        var result = new List<ManifestEntry>();
        while (reader.HasNext())
        {
            var r = reader.Next();
            var status = (ManifestEntryStatus)(int)r["status"];
            var snapshotId = ManifestListReader.Get<long?>(r, "snapshot_id") ?? manifest.AddedSnapshotId;
            var seq = ManifestListReader.Get<long?>(r, "sequence_number");
            var fileSeq = ManifestListReader.Get<long?>(r, "file_sequence_number");
            if (status == ManifestEntryStatus.Added)
            {
                seq ??= manifest.SequenceNumber;
                fileSeq ??= manifest.SequenceNumber;
            }
            var f = (GenericRecord)r["data_file"];
            var partitionRecord = (GenericRecord)f["partition"];
            var partition = partitionType.Select(p => AvroValues.Read(partitionRecord.TryGetValue(p.Name, out var v) ? v : null, p.Type))
                .ToList();
            result.Add(new ManifestEntry(status, snapshotId, seq, fileSeq, new DataFile
            {
                Content = (FileContent)(ManifestListReader.Get<int?>(f, "content") ?? 0),
                FilePath = (string)f["file_path"],
                FileFormat = ((string)f["file_format"]).ToLowerInvariant(),
                SpecId = spec.SpecId,
                Partition = partition,
                RecordCount = (long)f["record_count"],
                FileSizeInBytes = (long)f["file_size_in_bytes"],
                ColumnSizes = LongMap(f, "column_sizes"),
                ValueCounts = LongMap(f, "value_counts"),
                NullValueCounts = LongMap(f, "null_value_counts"),
                NanValueCounts = LongMap(f, "nan_value_counts"),
                LowerBounds = BytesMap(f, "lower_bounds"),
                UpperBounds = BytesMap(f, "upper_bounds"),
                SplitOffsets = ManifestListReader.Get<object[]>(f, "split_offsets")?.Cast<long>().ToList(),
                SortOrderId = ManifestListReader.Get<int?>(f, "sort_order_id"),
            }));
        }
        return result;
    }

    private static Dictionary<int, long>? LongMap(GenericRecord r, string field) =>
        ManifestListReader.Get<object[]>(r, field)?.Cast<GenericRecord>().ToDictionary(kv => (int)kv["key"], kv => (long)kv["value"]);

    private static Dictionary<int, byte[]>? BytesMap(GenericRecord r, string field) =>
        ManifestListReader.Get<object[]>(r, field)?.Cast<GenericRecord>().ToDictionary(kv => (int)kv["key"], kv => (byte[])kv["value"]);
}
