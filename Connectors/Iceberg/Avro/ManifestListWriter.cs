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

    private static void WriteManifestFile(AvroEncoder enc, ManifestFile m)
    {
        enc.WriteString(m.ManifestPath);
        enc.WriteLong(m.ManifestLength);
        enc.WriteInt(m.PartitionSpecId);
        enc.WriteInt(m.Content);
        enc.WriteLong(m.SequenceNumber);
        enc.WriteLong(m.MinSequenceNumber);
        enc.WriteLong(m.AddedSnapshotId);
        enc.WriteInt(m.AddedFilesCount);
        enc.WriteInt(m.ExistingFilesCount);
        enc.WriteInt(m.DeletedFilesCount);
        enc.WriteLong(m.AddedRowsCount);
        enc.WriteLong(m.ExistingRowsCount);
        enc.WriteLong(m.DeletedRowsCount);
        if (m.Partitions is { } partitions)
        {
            enc.WriteUnionIndex(1);
            enc.WriteArray(partitions, s =>
            {
                enc.WriteBoolean(s.ContainsNull);
                if (s.ContainsNan is { } nan) { enc.WriteUnionIndex(1); enc.WriteBoolean(nan); }
                else
                {
                    enc.WriteUnionIndex(0);
                }

                enc.WriteOptionalBytes(s.LowerBound);
                enc.WriteOptionalBytes(s.UpperBound);
            });
        }
        else
        {
            enc.WriteUnionIndex(0);
        }

        enc.WriteUnionIndex(0); // key_metadata
    }
}
