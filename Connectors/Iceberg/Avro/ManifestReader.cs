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
            var record = reader.Next();
            var status = (ManifestEntryStatus)(int)record["status"];
            var snapshotId = ManifestListReader.Get<long?>(record, "snapshot_id") ?? manifest.AddedSnapshotId;
            var seq = ManifestListReader.Get<long?>(record, "sequence_number");
            var fileSeq = ManifestListReader.Get<long?>(record, "file_sequence_number");
            if (status == ManifestEntryStatus.Added)
            {
                seq ??= manifest.SequenceNumber;
                fileSeq ??= manifest.SequenceNumber;
            }
            var dataFile = (GenericRecord)record["data_file"];
            var partitionRecord = (GenericRecord)dataFile["partition"];
            var partition = partitionType
                .Select(p => AvroValues.Read(partitionRecord.TryGetValue(p.Name, out var value) ? value : null, p.Type))
                .ToList();
            result.Add(new ManifestEntry(status, snapshotId, seq, fileSeq, new DataFile
            {
                Content = (FileContent)(ManifestListReader.Get<int?>(dataFile, "content") ?? 0),
                FilePath = (string)dataFile["file_path"],
                FileFormat = ((string)dataFile["file_format"]).ToLowerInvariant(),
                SpecId = spec.SpecId,
                Partition = partition,
                RecordCount = (long)dataFile["record_count"],
                FileSizeInBytes = (long)dataFile["file_size_in_bytes"],
                ColumnSizes = LongMap(dataFile, "column_sizes"),
                ValueCounts = LongMap(dataFile, "value_counts"),
                NullValueCounts = LongMap(dataFile, "null_value_counts"),
                NanValueCounts = LongMap(dataFile, "nan_value_counts"),
                LowerBounds = BytesMap(dataFile, "lower_bounds"),
                UpperBounds = BytesMap(dataFile, "upper_bounds"),
                SplitOffsets = ManifestListReader.Get<object[]>(dataFile, "split_offsets")?.Cast<long>().ToList(),
                SortOrderId = ManifestListReader.Get<int?>(dataFile, "sort_order_id"),
            }));
        }
        return result;
    }

    private static Dictionary<int, long>? LongMap(GenericRecord record, string field) =>
        ManifestListReader.Get<object[]>(record, field)?.Cast<GenericRecord>().ToDictionary(kv => (int)kv["key"], kv => (long)kv["value"]);

    private static Dictionary<int, byte[]>? BytesMap(GenericRecord record, string field) =>
        ManifestListReader.Get<object[]>(record, field)?.Cast<GenericRecord>()
            .ToDictionary(kv => (int)kv["key"], kv => (byte[])kv["value"]);
}
