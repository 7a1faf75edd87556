using System.Globalization;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>Writes a v2 manifest list: an Avro container of manifest_file records, one per manifest of the snapshot.</summary>
internal static class ManifestListWriter
{
    public static byte[] Write(IReadOnlyList<ManifestFile> manifests, long snapshotId, long? parentSnapshotId, long sequenceNumber)
    {
        var metadata = new Dictionary<string, string>
        {
            ["snapshot-id"] = snapshotId.ToString(CultureInfo.InvariantCulture),
            ["parent-snapshot-id"] = parentSnapshotId is { } p ? p.ToString(CultureInfo.InvariantCulture) : "null",
            ["sequence-number"] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = "2",
        };
        return AvroContainerWriter.Write(ManifestSchemas.ManifestFile(), metadata, manifests, WriteManifestFile);
    }

    private static void WriteManifestFile(AvroEncoder enc, ManifestFile manifest)
    {
        enc.WriteString(manifest.ManifestPath);
        enc.WriteLong(manifest.ManifestLength);
        enc.WriteInt(manifest.PartitionSpecId);
        enc.WriteInt(manifest.Content);
        enc.WriteLong(manifest.SequenceNumber);
        enc.WriteLong(manifest.MinSequenceNumber);
        enc.WriteLong(manifest.AddedSnapshotId);
        enc.WriteInt(manifest.AddedFilesCount);
        enc.WriteInt(manifest.ExistingFilesCount);
        enc.WriteInt(manifest.DeletedFilesCount);
        enc.WriteLong(manifest.AddedRowsCount);
        enc.WriteLong(manifest.ExistingRowsCount);
        enc.WriteLong(manifest.DeletedRowsCount);
        if (manifest.Partitions is { } partitions)
        {
            enc.WriteUnionIndex(1);
            enc.WriteArray(partitions, summary =>
            {
                enc.WriteBoolean(summary.ContainsNull);
                if (summary.ContainsNan is { } nan) { enc.WriteUnionIndex(1); enc.WriteBoolean(nan); }
                else
                {
                    enc.WriteUnionIndex(0);
                }

                enc.WriteOptionalBytes(summary.LowerBound);
                enc.WriteOptionalBytes(summary.UpperBound);
            });
        }
        else
        {
            enc.WriteUnionIndex(0);
        }

        enc.WriteUnionIndex(0); // key_metadata
    }
}
