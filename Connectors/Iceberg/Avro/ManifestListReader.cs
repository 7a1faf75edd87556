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
            var r = reader.Next();
            result.Add(new ManifestFile
            {
                ManifestPath = (string)r["manifest_path"],
                ManifestLength = (long)r["manifest_length"],
                PartitionSpecId = (int)r["partition_spec_id"],
                Content = Get<int?>(r, "content") ?? 0,
                SequenceNumber = Get<long?>(r, "sequence_number") ?? 0,
                MinSequenceNumber = Get<long?>(r, "min_sequence_number") ?? 0,
                AddedSnapshotId = (long)r["added_snapshot_id"],
                AddedFilesCount = Get<int?>(r, "added_files_count") ?? 0,
                ExistingFilesCount = Get<int?>(r, "existing_files_count") ?? 0,
                DeletedFilesCount = Get<int?>(r, "deleted_files_count") ?? 0,
                AddedRowsCount = Get<long?>(r, "added_rows_count") ?? 0,
                ExistingRowsCount = Get<long?>(r, "existing_rows_count") ?? 0,
                DeletedRowsCount = Get<long?>(r, "deleted_rows_count") ?? 0,
                Partitions = Get<object[]>(r, "partitions")?.Cast<GenericRecord>().Select(s => new PartitionFieldSummary(
                    (bool)s["contains_null"], Get<bool?>(s, "contains_nan"), Get<byte[]>(s, "lower_bound"), Get<byte[]>(s, "upper_bound")))
                        .ToList(),
            });
        }
        return result;
    }

    internal static T? Get<T>(GenericRecord r, string field) => r.TryGetValue(field, out var v) && v is not null ? (T)v : default;
}
