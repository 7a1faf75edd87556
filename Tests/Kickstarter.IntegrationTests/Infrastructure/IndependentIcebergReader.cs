using System.Text.Json;
using Avro.File;
using Avro.Generic;
using DuckDB.NET.Data;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// Reads an Iceberg table the way another engine would, sharing no code with the writer: the metadata JSON with
/// System.Text.Json, the manifest list and manifests with Apache.Avro's generic reader, the data files with DuckDB.
/// </summary>
public sealed class IndependentIcebergReader
{
    private readonly string _warehouse;
    private readonly Func<string, string>? _metadataLocation;
    private readonly Func<string, string> _localPath;

    /// <summary>A Hadoop-layout warehouse on local disk: the current metadata is named by version-hint.text.</summary>
    public IndependentIcebergReader(string warehouse)
    {
        _warehouse = warehouse;
        _localPath = LocalPath;
    }

    /// <summary>
    /// Tables whose current metadata location a catalog names (<paramref name="metadataLocation"/>: table name to
    /// location), with every location mapped to a local copy by <paramref name="localPath"/> (files downloaded first).
    /// </summary>
    public IndependentIcebergReader(Func<string, string> metadataLocation, Func<string, string> localPath)
    {
        _warehouse = "";
        _metadataLocation = metadataLocation;
        _localPath = localPath;
    }

    public string TablePath(string table) => Path.Combine(_warehouse, "apache_kickstarter", "airlines", table);

    /// <summary>The current table metadata document.</summary>
    public JsonDocument Metadata(string table)
    {
        if (_metadataLocation is not null)
        {
            return JsonDocument.Parse(File.ReadAllText(_localPath(_metadataLocation(table))));
        }

        var metadataDir = Path.Combine(TablePath(table), "metadata");
        var version = File.ReadAllText(Path.Combine(metadataDir, "version-hint.text")).Trim();
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(metadataDir, $"v{version}.metadata.json")));
    }

    /// <summary>
    /// Every snapshot the current metadata lists (the writer expires none younger than an hour): its id, operation
    /// and summary.
    /// </summary>
    public List<(long Id, string Operation, Dictionary<string, string> Summary)> Snapshots(string table)
    {
        using var metadata = Metadata(table);
        if (!metadata.RootElement.TryGetProperty("snapshots", out var snapshots))
        {
            return [];
        }

        return [.. snapshots.EnumerateArray().Select(snapshot =>
        {
            var summary = snapshot.GetProperty("summary").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            return (snapshot.GetProperty("snapshot-id").GetInt64(), summary["operation"], summary);
        })];
    }

    /// <summary>Data files of the current snapshot (manifest entries not marked deleted).</summary>
    public List<string> DataFiles(string table)
    {
        using var metadata = Metadata(table);
        var root = metadata.RootElement;
        if (!root.TryGetProperty("current-snapshot-id", out var current) || current.ValueKind == JsonValueKind.Null || current.GetInt64() == -1)
        {
            return [];
        }

        var snapshot = root.GetProperty("snapshots").EnumerateArray().Single(s => s.GetProperty("snapshot-id").GetInt64() == current.GetInt64());
        var files = new List<string>();
        foreach (var manifest in ReadAvro(_localPath(snapshot.GetProperty("manifest-list").GetString()!)))
        {
            foreach (var entry in ReadAvro(_localPath((string)manifest["manifest_path"])))
            {
                if ((int)entry["status"] == 2)
                {
                    continue; // DELETED
                }

                var dataFile = (GenericRecord)entry["data_file"];
                files.Add(_localPath((string)dataFile["file_path"]));
            }
        }

        return files;
    }

    /// <summary>Every row of the current snapshot, as column name to value.</summary>
    public List<Dictionary<string, object?>> Rows(string table)
    {
        var files = DataFiles(table);
        if (files.Count == 0)
        {
            return [];
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet([{string.Join(", ", files.Select(f => $"'{f.Replace("'", "''")}'"))}])";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static List<GenericRecord> ReadAvro(string path)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(path);
        var records = new List<GenericRecord>();
        while (reader.HasNext())
        {
            records.Add(reader.Next());
        }

        return records;
    }

    private static string LocalPath(string location) =>
        location.StartsWith("file:", StringComparison.Ordinal) ? new Uri(location).LocalPath : location;
}
