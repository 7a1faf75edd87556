using System.Globalization;
using Avro.File;
using Avro.Generic;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Tests.Catalogs;

/// <summary>
/// Reads a committed table without our reader: manifest list and manifests with Apache.Avro's generic reader,
/// data files with DuckDB. Only the metadata JSON's manifest-list path comes from our model.
/// </summary>
internal static class TableReadBack
{
    /// <summary>Live data file paths of the snapshot, one entry per manifest entry (duplicates stay visible).</summary>
    public static List<string> LiveDataFiles(Snapshot snapshot)
    {
        var files = new List<string>();
        foreach (var manifest in ReadAvro(snapshot.ManifestList))
        {
            foreach (var entry in ReadAvro((string)manifest["manifest_path"]))
            {
                if ((int)entry["status"] == 2)
                {
                    continue; // DELETED
                }

                files.Add((string)((GenericRecord)entry["data_file"])["file_path"]);
            }
        }

        return files;
    }

    /// <summary>Row count of the given Parquet files according to DuckDB.</summary>
    public static long CountRows(IEnumerable<string> dataFiles)
    {
        var list = string.Join(", ", dataFiles.Select(f => "'" + LocalFileIO.ToPath(f).Replace("'", "''", StringComparison.Ordinal) + "'"));
        return Convert.ToInt64(DuckDb.Query($"SELECT count(*) FROM read_parquet([{list}])")[0][0], CultureInfo.InvariantCulture);
    }

    /// <summary>Values of one column of the given Parquet files according to DuckDB.</summary>
    public static List<string> Strings(IEnumerable<string> dataFiles, string column)
    {
        var list = string.Join(", ", dataFiles.Select(f => "'" + LocalFileIO.ToPath(f).Replace("'", "''", StringComparison.Ordinal) + "'"));
        return DuckDb.Query($"SELECT {column} FROM read_parquet([{list}]) ORDER BY 1").Select(r => (string)r[0]!).ToList();
    }

    private static List<GenericRecord> ReadAvro(string location)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(LocalFileIO.ToPath(location));
        var records = new List<GenericRecord>();
        while (reader.HasNext())
        {
            records.Add(reader.Next());
        }

        return records;
    }
}
