using System.Globalization;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Parquet data files as DuckDB reads them: values, Iceberg field ids, exact decimals, zstd, metrics.</summary>
public sealed class ParquetDataFileTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public async Task DuckDbReadsBackTheWrittenValues()
    {
        var table = await _warehouse.CreateFlightTableAsync(partitioned: false);
        var rows = TestData.Flights(0, 50);
        var files = await table.WriteDataFilesAsync(rows, "values", CancellationToken.None);
        var file = Assert.Single(files);
        var path = LocalFileIO.ToPath(file.FilePath);
        var read = DuckDb.Query(
            $"SELECT email_address, departure_time, departure_airport_code, ticket_price, flight_date, seats, miles, refundable, " +
            $"load_factor FROM read_parquet('{path}') ORDER BY miles");
        Assert.Equal(50, read.Count);
        for (var i = 0; i < 50; i++)
        {
            var expected = rows[i];
            Assert.Equal(expected[0], read[i][0]);
            Assert.Equal(((DateTimeOffset)expected[1]!).UtcDateTime, Utc(read[i][1]));
            Assert.Equal(expected[2], read[i][2]);
            Assert.Equal(expected[7], read[i][3]);
            Assert.Equal(
                expected[10],
                DateOnly.FromDateTime(
                Convert.ToDateTime(read[i][4] is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : read[i][4], CultureInfo.InvariantCulture)));
            Assert.Equal(expected[11], read[i][5]);
            Assert.Equal(expected[12], read[i][6]);
            Assert.Equal(expected[13], read[i][7]);
            Assert.Equal(expected[14], read[i][8]);
        }
        Assert.Equal(50, file.RecordCount);
        Assert.Equal(new FileInfo(path).Length, file.FileSizeInBytes);
    }

    private static DateTime Utc(object? value) => value switch
    {
        DateTimeOffset o => o.UtcDateTime,
        DateTime dt => DateTime.SpecifyKind(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt, DateTimeKind.Utc),
        _ => throw new InvalidCastException(value?.GetType().Name),
    };

    [Fact]
    public async Task ParquetSchemaCarriesIcebergFieldIdsAndTypes()
    {
        var table = await _warehouse.CreateFlightTableAsync(partitioned: false);
        var file = (await table.WriteDataFilesAsync(TestData.Flights(0, 10), "schema", CancellationToken.None)).Single();
        var schema = DuckDb.Query(
            $"SELECT name, field_id, type, logical_type, precision, scale FROM parquet_schema('{LocalFileIO.ToPath(file.FilePath)}') " +
            "WHERE name <> 'schema'");
        foreach (var field in TestData.FlightSchema.Fields)
        {
            var row = schema.Single(r => (string)r[0]! == field.Name);
            Assert.Equal(field.Id, Convert.ToInt32(row[1], CultureInfo.InvariantCulture));
        }
        var price = schema.Single(r => (string)r[0]! == "ticket_price");
        Assert.Equal(10, Convert.ToInt32(price[4], CultureInfo.InvariantCulture));
        Assert.Equal(2, Convert.ToInt32(price[5], CultureInfo.InvariantCulture));
        var departure = schema.Single(r => (string)r[0]! == "departure_time");
        Assert.Equal("INT64", departure[2]);
        Assert.Contains("isAdjustedToUTC=1", (string)departure[3]!, StringComparison.Ordinal);
        Assert.Contains("MICROS", (string)departure[3]!, StringComparison.Ordinal);
        Assert.Equal("BYTE_ARRAY", schema.Single(r => (string)r[0]! == "email_address")[2]);
    }

    private static readonly string[] ExpectedPrices = ["0.01", "99999999.99", "-99999999.99", "12.30", "(null)", "0.00"];

    [Fact]
    public async Task DecimalsStayExactAndTheCodecIsZstd()
    {
        var schema = new Schema(NestedField.RequiredField(1, "id", IcebergType.Long), NestedField.OptionalField(2, "price", IcebergType.Decimal(10, 2)));
        var table = await _warehouse.Catalog.CreateTableIfNotExistsAsync(
            new(["ns"], "prices"), schema, PartitionSpec.Unpartitioned, null, CancellationToken.None);
        decimal?[] prices = [0.01m, 99999999.99m, -99999999.99m, 12.30m, null, 0m];
        var file = (await table.WriteDataFilesAsync(prices.Select((p, i) => new object?[] { (long)i, p }).ToList(), "dec", CancellationToken.None)).Single();
        var path = LocalFileIO.ToPath(file.FilePath);
        var read = DuckDb.Query($"SELECT CAST(price AS VARCHAR) FROM read_parquet('{path}') ORDER BY id");
        Assert.Equal(ExpectedPrices, read.Select(r => (string?)r[0] ?? "(null)").ToArray());
        var codecs = DuckDb.Query($"SELECT DISTINCT compression FROM parquet_metadata('{path}')");
        Assert.Equal("ZSTD", Assert.Single(codecs)[0]);
        Assert.Equal(-99999999.99m, SingleValue.FromBytes(file.LowerBounds![2], IcebergType.Decimal(10, 2)));
        Assert.Equal(99999999.99m, SingleValue.FromBytes(file.UpperBounds![2], IcebergType.Decimal(10, 2)));
        Assert.Equal(1, file.NullValueCounts![2]);
        Assert.Equal(6, file.ValueCounts![2]);
    }

    [Fact]
    public async Task MetricsMatchWhatDuckDbComputes()
    {
        var table = await _warehouse.CreateFlightTableAsync(partitioned: false);
        var file = (await table.WriteDataFilesAsync(TestData.Flights(0, 200), "metrics", CancellationToken.None)).Single();
        var path = LocalFileIO.ToPath(file.FilePath);
        var stats = DuckDb.Query(
            $"SELECT min(email_address), max(email_address), CAST(count(*) - count(departure_airport_code) AS BIGINT), min(miles), " +
            $"max(miles), CAST(min(ticket_price) AS VARCHAR) FROM read_parquet('{path}')").Single();
        Assert.Equal(stats[0], SingleValue.FromBytes(file.LowerBounds![1], IcebergType.String));
        Assert.Equal(stats[1], SingleValue.FromBytes(file.UpperBounds![1], IcebergType.String));
        Assert.Equal(Convert.ToInt64(stats[2], CultureInfo.InvariantCulture), file.NullValueCounts![3]);
        Assert.Equal(stats[3], SingleValue.FromBytes(file.LowerBounds[13], IcebergType.Long));
        Assert.Equal(stats[4], SingleValue.FromBytes(file.UpperBounds[13], IcebergType.Long));
        Assert.Equal(
            decimal.Parse((string)stats[5]!, System.Globalization.CultureInfo.InvariantCulture),
            SingleValue.FromBytes(file.LowerBounds[8], IcebergType.Decimal(10, 2)));
        var chunkSizes = DuckDb.Query(
            $"SELECT path_in_schema, CAST(sum(total_compressed_size) AS BIGINT) FROM parquet_metadata('{path}') GROUP BY path_in_schema");
        foreach (var row in chunkSizes)
        {
            var id = TestData.FlightSchema.FindField((string)row[0]!)!.Id;
            Assert.Equal(Convert.ToInt64(row[1], CultureInfo.InvariantCulture), file.ColumnSizes![id]);
        }
    }

    [Fact]
    public async Task RowsSplitIntoPartitionsWithDeterministicNames()
    {
        var table = await _warehouse.CreateFlightTableAsync();
        var rows = TestData.Flights(0, 300);
        var files = await table.WriteDataFilesAsync(rows, "epoch-7", CancellationToken.None);
        Assert.True(files.Count > 1);
        Assert.Equal(300, files.Sum(f => f.RecordCount));
        foreach (var f in files)
        {
            Assert.Matches(@"/data/email_address_bucket=\d+/flight_number_trunc=S(UN|KY)/epoch-7-\d+-0\.parquet$", f.FilePath);
            var bucket = (int)f.Partition[0]!;
            var emails = DuckDb.Query($"SELECT DISTINCT email_address FROM read_parquet('{LocalFileIO.ToPath(f.FilePath)}')");
            Assert.All(emails, e => Assert.Equal(bucket, Transform.Bucket(16).Apply(e[0], IcebergType.String)));
        }
        var again = await table.WriteDataFilesAsync(rows, "epoch-7", CancellationToken.None);
        Assert.Equal(files.Select(f => f.FilePath), again.Select(f => f.FilePath));
    }

    [Fact]
    public async Task LargeWritesSplitAtTheTargetFileSize()
    {
        var table = await _warehouse.CreateFlightTableAsync(
            new Dictionary<string, string> { [TableProperties.TargetFileSizeBytes] = "16384" }, partitioned: false);
        var files = await table.WriteDataFilesAsync(TestData.Flights(0, 5000), "split", CancellationToken.None);
        Assert.True(files.Count > 2, $"expected several files, got {files.Count}");
        Assert.Equal(5000, files.Sum(f => f.RecordCount));
        Assert.Equal(Enumerable.Range(0, files.Count).Select(n => $"split-0-{n}.parquet"), files.Select(f => Path.GetFileName(f.FilePath)));
        var total = DuckDb.Query($"SELECT count(*) FROM read_parquet('{Path.Combine(_warehouse.TableDir, "data")}/split-*.parquet')").Single()[0];
        Assert.Equal(5000L, Convert.ToInt64(total, CultureInfo.InvariantCulture));
    }
}
