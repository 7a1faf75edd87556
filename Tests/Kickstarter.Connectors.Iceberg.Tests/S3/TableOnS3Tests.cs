using System.Globalization;
using System.Text.Json;
using Avro.File;
using Avro.Generic;
using Kickstarter.Connectors.Iceberg.Io;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests.S3;

/// <summary>
/// A whole table on S3 through the Table API and a catalog with conditional updates, read back by code that shares
/// nothing with the writer: the raw AWS SDK downloads, System.Text.Json reads the metadata, Apache.Avro's generic
/// reader the manifest list and manifests, DuckDB the Parquet files.
/// </summary>
public sealed class TableOnS3Tests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly string _downloads = Directory.CreateTempSubdirectory("iceberg-s3-").FullName;

    public void Dispose() => Directory.Delete(_downloads, recursive: true);

    private async Task<string> DownloadAsync(string location)
    {
        var at = S3Location.Parse(location);
        var bytes = await s3.RawReadAsync(at.Bucket, at.Key) ?? throw new FileNotFoundException(location);
        var path = Path.Combine(_downloads, Guid.NewGuid().ToString("N") + Path.GetExtension(at.Key));
        await File.WriteAllBytesAsync(path, bytes);
        return path;
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

    [Fact]
    public async Task AppendsToATableOnS3AreReadBackIndependently()
    {
        var bucket = await s3.NewBucketAsync();
        using var io = new S3FileIO(s3.Options());
        var tableLocation = $"s3://{bucket}/warehouse/apache_kickstarter/airlines/flight";
        var catalog = new ConditionalPointerCatalog(io, tableLocation);
        var fast = new Dictionary<string, string> { ["commit.retry.min-wait-ms"] = "1", ["commit.retry.max-wait-ms"] = "5" };
        var table = await catalog.CreateTableAsync(TempWarehouse.FlightId, TestData.FlightSchema, TestData.FlightSpec, fast);
        // A second writer loaded before the first append: its first commit loses the pointer swap and is re-applied.
        var stale = await catalog.LoadTableAsync(TempWarehouse.FlightId);

        var first = await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(0, 60), "e1", CancellationToken.None))
            .Set("kickstarter.epoch", "1").CommitAsync();
        var second = await stale.NewAppend().AddFiles(await stale.WriteDataFilesAsync(TestData.Flights(60, 60), "e2", CancellationToken.None))
            .Set("kickstarter.epoch", "2").CommitAsync();

        Assert.Equal(first.SnapshotId, second.ParentSnapshotId);
        // Three versions (create, two appends); the stale writer's losing version file was removed.
        Assert.Equal(3, (await s3.RawKeysAsync(bucket)).Count(k => k.EndsWith(".metadata.json", StringComparison.Ordinal)));

        // Metadata JSON as another engine reads it.
        var metadataLocation = catalog.CurrentMetadataLocation!;
        using var metadata = JsonDocument.Parse(await File.ReadAllBytesAsync(await DownloadAsync(metadataLocation)));
        var root = metadata.RootElement;
        Assert.Equal(2, root.GetProperty("format-version").GetInt32());
        Assert.Equal(tableLocation, root.GetProperty("location").GetString());
        var currentId = root.GetProperty("current-snapshot-id").GetInt64();
        var snapshots = root.GetProperty("snapshots").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], snapshots.Select(s => s.GetProperty("summary").GetProperty("kickstarter.epoch").GetString()).Order());
        var current = snapshots.Single(s => s.GetProperty("snapshot-id").GetInt64() == currentId);
        Assert.Equal("2", current.GetProperty("summary").GetProperty("kickstarter.epoch").GetString());
        Assert.Equal("120", current.GetProperty("summary").GetProperty("total-records").GetString());

        // Manifest list, then manifests, then the data files they list.
        var manifestPaths = ReadAvro(await DownloadAsync(current.GetProperty("manifest-list").GetString()!))
            .Select(m => (string)m["manifest_path"]).ToList();
        Assert.Equal(2, manifestPaths.Count);
        var dataFiles = new List<(string Path, long Records)>();
        foreach (var manifest in manifestPaths)
        {
            foreach (var entry in ReadAvro(await DownloadAsync(manifest)))
            {
                var file = (GenericRecord)entry["data_file"];
                dataFiles.Add(((string)file["file_path"], (long)file["record_count"]));
            }
        }
        Assert.All(dataFiles, f => Assert.StartsWith($"{tableLocation}/data/", f.Path, StringComparison.Ordinal));
        Assert.Equal(120, dataFiles.Sum(f => f.Records));
        var keys = await s3.RawKeysAsync(bucket);
        Assert.All(dataFiles, f => Assert.Contains(S3Location.Parse(f.Path).Key, keys));

        var local = new List<string>();
        foreach (var (path, _) in dataFiles)
        {
            local.Add(await DownloadAsync(path));
        }

        var files = string.Join(", ", local.Select(p => $"'{p}'"));
        var row = Assert.Single(DuckDb.Query($"SELECT count(*), count(DISTINCT confirmation_code), CAST(sum(seats) AS BIGINT) FROM read_parquet([{files}])"));
        Assert.Equal(120L, Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        Assert.Equal(120L, Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
        // seats of flight i are 150 + i % 20 (TestData), summed here without the writer's help.
        Assert.Equal(Enumerable.Range(0, 120).Sum(i => 150 + (i % 20)), Convert.ToInt64(row[2], CultureInfo.InvariantCulture));

        // And our own reader, through S3FileIO.
        var reloaded = await catalog.LoadTableAsync(TempWarehouse.FlightId);
        Assert.Equal(120, await reloaded.ScanAsync(CancellationToken.None).CountAsync());
    }

    [Fact]
    public async Task OrphanFilesOnS3AreFoundByListingAndDeleted()
    {
        var bucket = await s3.NewBucketAsync();
        using var io = new S3FileIO(s3.Options());
        var tableLocation = $"s3://{bucket}/warehouse/t";
        var catalog = new ConditionalPointerCatalog(io, tableLocation);
        var table = await catalog.CreateTableAsync(TempWarehouse.FlightId, TestData.FlightSchema, TestData.FlightSpec, null);
        await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(0, 30), "e1", CancellationToken.None)).CommitAsync();
        await s3.Raw.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "warehouse/t/data/orphan.parquet", ContentBody = "x" });

        var deleted = await table.DeleteOrphanFilesAsync(DateTimeOffset.UtcNow.AddMinutes(1), new HashSet<string>(), CancellationToken.None);

        Assert.Equal([$"{tableLocation}/data/orphan.parquet"], deleted);
        Assert.DoesNotContain("warehouse/t/data/orphan.parquet", await s3.RawKeysAsync(bucket));
        Assert.Equal(30, await table.ScanAsync(CancellationToken.None).CountAsync());
    }
}
