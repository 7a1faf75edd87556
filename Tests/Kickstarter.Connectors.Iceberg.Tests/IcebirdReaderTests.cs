using System.Diagnostics;
using System.Text.Json;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Installs icebird 0.3.1 (npm) once per machine into a cache folder; the tests provision it, never skip.</summary>
public sealed class IcebirdFixture
{
    public const string Version = "0.3.1";

    public IcebirdFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"kickstarter-icebird-{Version}");
        System.IO.Directory.CreateDirectory(Directory);
        if (!File.Exists(Path.Combine(Directory, "node_modules", "icebird", "package.json")))
        {
            var (code, output) = IcebirdReaderTests.Run("npm", Directory, "install", "--no-audit", "--no-fund", "--prefix", Directory, $"icebird@{Version}");
            if (code != 0) throw new InvalidOperationException($"npm install icebird@{Version} failed: {output}");
        }
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Icebird", "read-table.mjs"), Path.Combine(Directory, "read-table.mjs"), overwrite: true);
    }

    public string Directory { get; }
}

/// <summary>A table written by this library, read by icebird: an Iceberg reader written by others.</summary>
public sealed class IcebirdReaderTests(IcebirdFixture icebird) : IClassFixture<IcebirdFixture>, IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    internal static (int Code, string Output) Run(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(true); throw new TimeoutException($"{file} did not finish"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private List<JsonElement> ReadWithIcebird(Table table)
    {
        var (code, output) = Run("node", icebird.Directory, Path.Combine(icebird.Directory, "read-table.mjs"), table.Metadata.Location);
        Assert.True(code == 0, output);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("rows").EnumerateArray().Select(e => e.Clone()).ToList();
    }

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
            Assert.Equal(((DateTimeOffset)w[1]!).ToUnixTimeMilliseconds(), DateTimeOffset.Parse(r.GetProperty("departure_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
            Assert.Equal(Convert.ToInt64(w[12]), long.Parse(r.GetProperty("miles").ToString(), System.Globalization.CultureInfo.InvariantCulture));
            // hyparquet decodes DECIMAL to a JS number, so compare at the column's scale.
            if (w[7] is decimal price) Assert.Equal(price, Math.Round((decimal)r.GetProperty("ticket_price").GetDouble(), 2));
            else Assert.Equal(JsonValueKind.Null, r.GetProperty("ticket_price").ValueKind);
        }
    }

    [Fact]
    public async Task IcebirdSeesCompactionAndAnAddedColumn()
    {
        var table = await _warehouse.CreateFlightTableAsync();
        for (var i = 0; i < 3; i++) await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(i * 20, 20), $"e{i}", CancellationToken.None)).CommitAsync();
        await table.RewriteSmallFilesAsync(64L * 1024 * 1024, CancellationToken.None);
        await table.UpdateSchema().AddColumn("note", IcebergType.String).CommitAsync();
        await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(100, 5).Select(r => r.Append("n").ToArray()).ToList(), "late", CancellationToken.None)).CommitAsync();

        var rows = ReadWithIcebird(table);

        Assert.Equal(65, rows.Count);
        Assert.Equal(65, rows.Select(r => r.GetProperty("confirmation_code").GetString()).Distinct().Count());
        Assert.Equal(5, rows.Count(r => r.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "n"));
    }
}
