using System.Globalization;
using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>A table written by this library, read by icebird: an Iceberg reader written by others.</summary>
public sealed class IcebirdReaderTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private static List<JsonElement> ReadWithIcebird(Table table) => Kickstarter.Testing.IcebirdReader.ReadTable(table.Metadata.Location);

    [Fact]
    public async Task IcebirdReadsEveryAppendedRow()
    {
        var table = await _warehouse.CreateFlightTableAsync();
        var written = TestData.Flights(0, 60).Concat(TestData.Flights(60, 40)).ToList();
        await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(written[..60], "a", CancellationToken.None)).CommitAsync();
        await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(written[60..], "b", CancellationToken.None)).CommitAsync();

        var rows = ReadWithIcebird(table);

        Assert.Equal(100, rows.Count);
        var byConfirmation = rows.ToDictionary(r => r.GetProperty("confirmation_code").GetString()!);
        foreach (var w in written)
        {
            var r = byConfirmation[(string)w[6]!];
            Assert.Equal(w[0], r.GetProperty("email_address").GetString());
            Assert.Equal(w[5], r.GetProperty("flight_number").GetString());
            Assert.Equal(
                ((DateTimeOffset)w[1]!).ToUnixTimeMilliseconds(),
                DateTimeOffset.Parse(r.GetProperty("departure_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                .ToUnixTimeMilliseconds());
            Assert.Equal(Convert.ToInt64(w[12], CultureInfo.InvariantCulture), long.Parse(r.GetProperty("miles").ToString(), CultureInfo.InvariantCulture));
            // hyparquet decodes DECIMAL to a JS number, so compare at the column's scale.
            if (w[7] is decimal price)
            {
                Assert.Equal(price, Math.Round((decimal)r.GetProperty("ticket_price").GetDouble(), 2));
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, r.GetProperty("ticket_price").ValueKind);
            }
        }
    }

    [Fact]
    public async Task IcebirdSeesCompactionAndAnAddedColumn()
    {
        var table = await _warehouse.CreateFlightTableAsync();
        for (var i = 0; i < 3; i++)
        {
            await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(i * 20, 20), $"e{i}", CancellationToken.None)).CommitAsync();
        }

        await table.RewriteSmallFilesAsync(64L * 1024 * 1024, CancellationToken.None);
        await table.UpdateSchema().AddColumn("note", IcebergType.String).CommitAsync();
        await table.NewAppend()
            .AddFiles(await table.WriteDataFilesAsync(
            TestData.Flights(100, 5).Select(r => r.Append("n").ToArray()).ToList(), "late", CancellationToken.None)).CommitAsync();

        var rows = ReadWithIcebird(table);

        Assert.Equal(65, rows.Count);
        Assert.Equal(65, rows.Select(r => r.GetProperty("confirmation_code").GetString()).Distinct().Count());
        Assert.Equal(5, rows.Count(r => r.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "n"));
    }
}
