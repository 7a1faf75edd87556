using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>The metadata files on disk checked key by key against the v2 spec.</summary>
public sealed class TableMetadataTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private JsonElement ReadVersion(int n) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_warehouse.TableDir, "metadata", $"v{n}.metadata.json"))).RootElement;

    [Fact]
    public async Task NewTableWritesV1WithEveryRequiredV2Key()
    {
        await _warehouse.CreateFlightTableAsync();
        Assert.Equal("1", File.ReadAllText(Path.Combine(_warehouse.TableDir, "metadata", "version-hint.text")));
        var m = ReadVersion(1);
        foreach (var key in new[] { "format-version", "table-uuid", "location", "last-sequence-number", "last-updated-ms", "last-column-id",
            "schemas", "current-schema-id", "partition-specs", "default-spec-id", "last-partition-id", "sort-orders",
            "default-sort-order-id", "properties" })
        {
            Assert.True(m.TryGetProperty(key, out _), $"missing {key}");
        }
        Assert.Equal(2, m.GetProperty("format-version").GetInt32());
        Assert.True(Guid.TryParse(m.GetProperty("table-uuid").GetString(), out _));
        Assert.EndsWith("/apache_kickstarter/airlines/flight", m.GetProperty("location").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("file:///", m.GetProperty("location").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, m.GetProperty("last-sequence-number").GetInt64());
        Assert.Equal(15, m.GetProperty("last-column-id").GetInt32());
        Assert.Equal(1001, m.GetProperty("last-partition-id").GetInt32());
        var schema = m.GetProperty("schemas")[0];
        Assert.Equal("struct", schema.GetProperty("type").GetString());
        Assert.Equal(0, schema.GetProperty("schema-id").GetInt32());
        var price = schema.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "ticket_price");
        Assert.Equal("decimal(10,2)", price.GetProperty("type").GetString());
        Assert.Equal(8, price.GetProperty("id").GetInt32());
        Assert.False(price.GetProperty("required").GetBoolean());
        var spec = m.GetProperty("partition-specs")[0];
        Assert.Equal(0, spec.GetProperty("spec-id").GetInt32());
        var bucket = spec.GetProperty("fields")[0];
        Assert.Equal("bucket[16]", bucket.GetProperty("transform").GetString());
        Assert.Equal(1, bucket.GetProperty("source-id").GetInt32());
        Assert.Equal(1000, bucket.GetProperty("field-id").GetInt32());
        Assert.Equal("email_address_bucket", bucket.GetProperty("name").GetString());
        Assert.Equal(0, m.GetProperty("sort-orders")[0].GetProperty("order-id").GetInt32());
        var props = m.GetProperty("properties");
        Assert.Equal("parquet", props.GetProperty("write.format.default").GetString());
        Assert.Equal("zstd", props.GetProperty("write.parquet.compression-codec").GetString());
        Assert.True(props.TryGetProperty("write.target-file-size-bytes", out _));
        Assert.False(m.TryGetProperty("current-snapshot-id", out _));
    }

    [Fact]
    public async Task AppendWritesSnapshotSummaryRefsAndLogs()
    {
        var table = await _warehouse.CreateFlightTableAsync();
        var first = await table.WriteDataFilesAsync(TestData.Flights(0, 40), "a", CancellationToken.None);
        var s1 = await table.NewAppend().AddFiles(first).Set("kickstarter.epoch", "12").CommitAsync();
        var second = await table.WriteDataFilesAsync(TestData.Flights(40, 10), "b", CancellationToken.None);
        var s2 = await table.NewAppend().AddFiles(second).CommitAsync();

        var m = ReadVersion(3);
        Assert.Equal("3", File.ReadAllText(Path.Combine(_warehouse.TableDir, "metadata", "version-hint.text")));
        Assert.Equal(2, m.GetProperty("last-sequence-number").GetInt64());
        Assert.Equal(s2.SnapshotId, m.GetProperty("current-snapshot-id").GetInt64());
        var main = m.GetProperty("refs").GetProperty("main");
        Assert.Equal(s2.SnapshotId, main.GetProperty("snapshot-id").GetInt64());
        Assert.Equal("branch", main.GetProperty("type").GetString());
        var snapshots = m.GetProperty("snapshots").EnumerateArray().ToList();
        Assert.Equal(2, snapshots.Count);
        Assert.False(snapshots[0].TryGetProperty("parent-snapshot-id", out _));
        Assert.Equal(s1.SnapshotId, snapshots[1].GetProperty("parent-snapshot-id").GetInt64());
        Assert.Equal(2, snapshots[1].GetProperty("sequence-number").GetInt64());
        Assert.Equal(0, snapshots[1].GetProperty("schema-id").GetInt32());
        Assert.True(snapshots[1].GetProperty("snapshot-id").GetInt64() > 0);
        Assert.Contains("/metadata/snap-", snapshots[1].GetProperty("manifest-list").GetString(), StringComparison.Ordinal);
        var summary1 = snapshots[0].GetProperty("summary");
        Assert.Equal("append", summary1.GetProperty("operation").GetString());
        Assert.Equal("12", summary1.GetProperty("kickstarter.epoch").GetString());
        Assert.Equal(first.Count.ToString(CultureInfo.InvariantCulture), summary1.GetProperty("added-data-files").GetString());
        Assert.Equal("40", summary1.GetProperty("added-records").GetString());
        Assert.Equal(first.Sum(f => f.FileSizeInBytes).ToString(CultureInfo.InvariantCulture), summary1.GetProperty("added-files-size").GetString());
        var summary2 = snapshots[1].GetProperty("summary");
        Assert.Equal((first.Count + second.Count).ToString(CultureInfo.InvariantCulture), summary2.GetProperty("total-data-files").GetString());
        Assert.Equal("50", summary2.GetProperty("total-records").GetString());
        Assert.Equal(
            (first.Concat(second).Sum(f => f.FileSizeInBytes)).ToString(CultureInfo.InvariantCulture),
            summary2.GetProperty("total-files-size").GetString());
        foreach (var key in new[] { "total-delete-files", "total-position-deletes", "total-equality-deletes" })
        {
            Assert.Equal("0", summary2.GetProperty(key).GetString());
        }

        Assert.Equal(
            second.Select(f => string.Join('/', f.Partition)).Distinct().Count().ToString(CultureInfo.InvariantCulture),
            summary2.GetProperty("changed-partition-count").GetString());
        Assert.Equal([s1.SnapshotId, s2.SnapshotId], m.GetProperty("snapshot-log").EnumerateArray().Select(e => e.GetProperty("snapshot-id").GetInt64()));
        var metadataLog = m.GetProperty("metadata-log").EnumerateArray().Select(e => e.GetProperty("metadata-file").GetString()!).ToList();
        Assert.Equal(2, metadataLog.Count);
        Assert.EndsWith("/metadata/v1.metadata.json", metadataLog[0], StringComparison.Ordinal);
        Assert.EndsWith("/metadata/v2.metadata.json", metadataLog[1], StringComparison.Ordinal);

        var reloaded = await _warehouse.Catalog.LoadTableAsync(TempWarehouse.FlightId, CancellationToken.None);
        Assert.Contains(reloaded.Metadata.Snapshots, s => s.Summary.TryGetValue("kickstarter.epoch", out var v) && v == "12");
        Assert.Equal(50, await reloaded.ScanAsync(CancellationToken.None).CountAsync());
    }

    [Fact]
    public async Task CreateTableIfNotExistsKeepsTheExistingTable()
    {
        var t1 = await _warehouse.CreateFlightTableAsync();
        var t2 = await _warehouse.CreateFlightTableAsync();
        Assert.Equal(t1.Metadata.TableUuid, t2.Metadata.TableUuid);
        Assert.False(File.Exists(Path.Combine(_warehouse.TableDir, "metadata", "v2.metadata.json")));
    }

    [Fact]
    public async Task InjectedClockAndIdsMakeSnapshotsDeterministic()
    {
        var ids = new Queue<long>([11, 22]);
        var env = new TableEnvironment { Clock = () => DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), NewSnapshotId = () => ids.Dequeue() };
        var catalog = new Catalog.HadoopCatalog(_warehouse.Io, Io.LocalFileIO.ToLocation(_warehouse.Root), env);
        var table = await catalog.CreateTableIfNotExistsAsync(TempWarehouse.FlightId, TestData.FlightSchema, TestData.FlightSpec, null, CancellationToken.None);
        var s = await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(0, 5), "d", CancellationToken.None)).CommitAsync();
        Assert.Equal(11, s.SnapshotId);
        Assert.Equal(1_700_000_000_000, s.TimestampMs);
        Assert.Equal(1_700_000_000_000, table.Metadata.LastUpdatedMs);
    }
}
