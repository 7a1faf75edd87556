using Avro.File;
using Avro.Generic;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>Reads a v2 manifest list into <see cref="ManifestFile"/> entries (fields resolved by name from the file's own
/// schema).</summary>
internal static class ManifestListReader
{
    public static IReadOnlyList<ManifestFile> Read(byte[] bytes)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(new MemoryStream(bytes));
        var result = new List<ManifestFile>();
        while (reader.HasNext())
        {
            var record = reader.Next();
            result.Add(new ManifestFile
            {
                ManifestPath = (string)record["manifest_path"],
                ManifestLength = (long)record["manifest_length"],
                PartitionSpecId = (int)record["partition_spec_id"],
                Content = Get<int?>(record, "content") ?? 0,
                SequenceNumber = Get<long?>(record, "sequence_number") ?? 0,
                MinSequenceNumber = Get<long?>(record, "min_sequence_number") ?? 0,
                AddedSnapshotId = (long)record["added_snapshot_id"],
                AddedFilesCount = Get<int?>(record, "added_files_count") ?? 0,
                ExistingFilesCount = Get<int?>(record, "existing_files_count") ?? 0,
                DeletedFilesCount = Get<int?>(record, "deleted_files_count") ?? 0,
                AddedRowsCount = Get<long?>(record, "added_rows_count") ?? 0,
                ExistingRowsCount = Get<long?>(record, "existing_rows_count") ?? 0,
                DeletedRowsCount = Get<long?>(record, "deleted_rows_count") ?? 0,
                Partitions = Get<object[]>(record, "partitions")?.Cast<GenericRecord>().Select(s => new PartitionFieldSummary(
                    (bool)s["contains_null"], Get<bool?>(s, "contains_nan"), Get<byte[]>(s, "lower_bound"), Get<byte[]>(s, "upper_bound")))
                        .ToList(),
            });
        }
        return result;
    }

    internal static T? Get<T>(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) && value is not null ? (T)value : default;
}
