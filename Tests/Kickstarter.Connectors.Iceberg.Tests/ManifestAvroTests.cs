using System.Text;
using System.Text.Json;
using Avro.File;
using Avro.Generic;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Manifests and manifest lists as Apache.Avro's generic reader sees them.</summary>
public sealed class ManifestAvroTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private async Task<(Table Table, Snapshot Snapshot, IReadOnlyList<DataFile> Files)> AppendAsync()
    {
        var table = await _warehouse.CreateFlightTableAsync();
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 120), "m", CancellationToken.None);
        var snapshot = await table.NewAppend().AddFiles(files).Set("kickstarter.epoch", "1").CommitAsync();
        return (table, snapshot, files);
    }

    private static List<GenericRecord> ReadAll(string location, out Func<string, string?> meta)
    {
        var reader = DataFileReader<GenericRecord>.OpenReader(LocalFileIO.ToPath(location));
        var records = new List<GenericRecord>();
        while (reader.HasNext())
        {
            records.Add(reader.Next());
        }

        var header = reader.GetMetaKeys().ToDictionary(k => k, k => reader.GetMetaString(k));
        meta = k => header.TryGetValue(k, out var v) ? v : null;
        reader.Dispose();
        return records;
    }

    [Fact]
    public async Task ManifestListHasSpecFieldIdsAndOneEntryPerManifest()
    {
        var (_, snapshot, files) = await AppendAsync();
        var records = ReadAll(snapshot.ManifestList, out var meta);
        Assert.Equal("2", meta("format-version"));
        Assert.Equal(snapshot.SnapshotId.ToString(System.Globalization.CultureInfo.InvariantCulture), meta("snapshot-id"));
        var manifest = Assert.Single(records);
        Assert.Equal(snapshot.SequenceNumber, (long)manifest["sequence_number"]);
        Assert.Equal(snapshot.SequenceNumber, (long)manifest["min_sequence_number"]);
        Assert.Equal(snapshot.SnapshotId, (long)manifest["added_snapshot_id"]);
        Assert.Equal(files.Count, (int)manifest["added_files_count"]);
        Assert.Equal(120L, (long)manifest["added_rows_count"]);
        Assert.Equal(0, (int)manifest["content"]);
        Assert.Equal(new FileInfo(LocalFileIO.ToPath((string)manifest["manifest_path"])).Length, (long)manifest["manifest_length"]);

        var schema = JsonDocument.Parse(meta("avro.schema")!).RootElement;
        var ids = schema.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("field-id").GetInt32());
        Assert.Equal(500, ids["manifest_path"]);
        Assert.Equal(501, ids["manifest_length"]);
        Assert.Equal(502, ids["partition_spec_id"]);
        Assert.Equal(517, ids["content"]);
        Assert.Equal(515, ids["sequence_number"]);
        Assert.Equal(516, ids["min_sequence_number"]);
        Assert.Equal(503, ids["added_snapshot_id"]);
        Assert.Equal(507, ids["partitions"]);

        // Partition summaries: bucket ints and truncated strings bound what the data files hold.
        var summaries = ((object[])manifest["partitions"]).Cast<GenericRecord>().ToList();
        Assert.Equal(2, summaries.Count);
        var buckets = files.Select(f => (int)f.Partition[0]!).ToList();
        Assert.Equal(buckets.Min(), BitConverter.ToInt32((byte[])summaries[0]["lower_bound"]));
        Assert.Equal(buckets.Max(), BitConverter.ToInt32((byte[])summaries[0]["upper_bound"]));
        Assert.False((bool)summaries[0]["contains_null"]);
        Assert.Equal("SKY", Encoding.UTF8.GetString((byte[])summaries[1]["lower_bound"]));
        Assert.Equal("SUN", Encoding.UTF8.GetString((byte[])summaries[1]["upper_bound"]));
    }

    [Fact]
    public async Task ManifestCarriesRequiredMetadataFieldIdsAndInheritableEntries()
    {
        var (table, snapshot, files) = await AppendAsync();
        var manifestPath = (string)ReadAll(snapshot.ManifestList, out _).Single()["manifest_path"];
        var raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(LocalFileIO.ToPath(manifestPath)));
        var entries = ReadAll(manifestPath, out var meta);
        Assert.Equal("2", meta("format-version"));
        Assert.Equal("data", meta("content"));
        Assert.Equal("0", meta("schema-id"));
        Assert.Equal("0", meta("partition-spec-id"));
        var specFields = JsonDocument.Parse(meta("partition-spec")!).RootElement.EnumerateArray().ToList();
        Assert.Equal(["bucket[16]", "truncate[3]"], specFields.Select(f => f.GetProperty("transform").GetString()!));
        Assert.Equal([1000, 1001], specFields.Select(f => f.GetProperty("field-id").GetInt32()));
        Assert.Equal(15, JsonDocument.Parse(meta("schema")!).RootElement.GetProperty("fields").GetArrayLength());

        // Int-keyed maps keep the annotation Iceberg readers need (Apache.Avro's parser would drop it).
        var avroSchema = JsonDocument.Parse(meta("avro.schema")!).RootElement;
        var dataFile = avroSchema.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "data_file");
        Assert.Equal(2, dataFile.GetProperty("field-id").GetInt32());
        var dataFields = dataFile.GetProperty("type").GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        var lower = dataFields["lower_bounds"];
        Assert.Equal(125, lower.GetProperty("field-id").GetInt32());
        var mapType = lower.GetProperty("type")[1];
        Assert.Equal("map", mapType.GetProperty("logicalType").GetString());
        Assert.Equal([126, 127], mapType.GetProperty("items").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field-id").GetInt32()));
        Assert.Equal(100, dataFields["file_path"].GetProperty("field-id").GetInt32());
        Assert.Equal(134, dataFields["content"].GetProperty("field-id").GetInt32());
        Assert.Equal(
            [1000, 1001],
            dataFields["partition"].GetProperty("type").GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("field-id").GetInt32()));
        Assert.Contains("\"logicalType\":\"map\"", raw, StringComparison.Ordinal);

        Assert.Equal(files.Count, entries.Count);
        foreach (var e in entries)
        {
            Assert.Equal(1, (int)e["status"]);
            Assert.Null(e["sequence_number"]); // inherited from the manifest list
            Assert.Null(e["file_sequence_number"]);
            var df = (GenericRecord)e["data_file"];
            var written = files.Single(f => f.FilePath == (string)df["file_path"]);
            Assert.Equal(written.RecordCount, (long)df["record_count"]);
            Assert.Equal(written.FileSizeInBytes, (long)df["file_size_in_bytes"]);
            Assert.Equal("PARQUET", (string)df["file_format"]);
            var partition = (GenericRecord)df["partition"];
            Assert.Equal(written.Partition[0], partition["email_address_bucket"]);
            Assert.Equal(written.Partition[1], partition["flight_number_trunc"]);
            var lowers = ((object[])df["lower_bounds"]).Cast<GenericRecord>().ToDictionary(kv => (int)kv["key"], kv => (byte[])kv["value"]);
            var uppers = ((object[])df["upper_bounds"]).Cast<GenericRecord>().ToDictionary(kv => (int)kv["key"], kv => (byte[])kv["value"]);
            var miles = DuckDb.Query($"SELECT min(miles), max(miles) FROM read_parquet('{LocalFileIO.ToPath(written.FilePath)}')").Single();
            Assert.Equal((long)miles[0]!, BitConverter.ToInt64(lowers[13]));
            Assert.Equal((long)miles[1]!, BitConverter.ToInt64(uppers[13]));
            var valueCounts = ((object[])df["value_counts"]).Cast<GenericRecord>().ToDictionary(kv => (int)kv["key"], kv => (long)kv["value"]);
            Assert.Equal(written.RecordCount, valueCounts[1]);
        }

        // Reading back through the library inherits the snapshot's sequence number.
        var planned = await table.PlanFilesAsync(CancellationToken.None);
        Assert.Equal(files.Select(f => f.FilePath).Order(), planned.Select(f => f.FilePath).Order());
    }

    [Fact]
    public async Task TemporalAndDecimalPartitionValuesRoundTripThroughManifests()
    {
        var schema = TestData.FlightSchema;
        var spec = PartitionSpec.BuilderFor(schema).Day("departure_time").Month("flight_date").Identity("ticket_price").Hour("arrival_time").Build();
        var table = await _warehouse.Catalog.CreateTableIfNotExistsAsync(new(["ns"], "temporal"), schema, spec, null, CancellationToken.None);
        var rows = TestData.Flights(0, 30);
        var files = await table.WriteDataFilesAsync(rows, "t", CancellationToken.None);
        await table.NewAppend().AddFiles(files).CommitAsync();
        var planned = await table.PlanFilesAsync(CancellationToken.None);
        Assert.Equal(files.Count, planned.Count);
        foreach (var f in files)
        {
            var back = planned.Single(p => p.FilePath == f.FilePath);
            Assert.Equal(f.Partition, back.Partition);
            Assert.IsType<DateOnly>(back.Partition[0]);
        }
        Assert.Contains(files, f => f.Partition[2] is null);
        Assert.Contains("/departure_time_day=2024-05-01/flight_date_month=2024-05/", files[0].FilePath, StringComparison.Ordinal);
        var manifestPath = (string)ReadAll(table.Metadata.CurrentSnapshot!.ManifestList, out _).Single()["manifest_path"];
        var entry = ReadAll(manifestPath, out var meta).First();
        var partition = (GenericRecord)((GenericRecord)entry["data_file"])["partition"];
        Assert.IsType<DateTime>(partition["departure_time_day"]); // Avro logical type date
        var avroSchema = JsonDocument.Parse(meta("avro.schema")!).RootElement.ToString();
        Assert.Contains("\"logicalType\":\"decimal\"", avroSchema, StringComparison.Ordinal);
        Assert.Equal(30, await table.ScanAsync(CancellationToken.None).CountAsync());
    }
}
