using System.Globalization;
using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Xunit;

namespace Kickstarter.Connectors.Iceberg.Tests;

/// <summary>Adding a column: new schema id, new files carry it, old files read it as null.</summary>
public sealed class SchemaEvolutionTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public async Task AddedOptionalColumnReadsNullInOldFiles()
    {
        var table = await _warehouse.CreateFlightTableAsync(partitioned: false);
        await table.NewAppend().AddFiles(await table.WriteDataFilesAsync(TestData.Flights(0, 10), "old", CancellationToken.None)).CommitAsync();
        var schema = await table.UpdateSchema().AddColumn("note", IcebergType.String, doc: "free text").CommitAsync();
        Assert.Equal(1, schema.SchemaId);
        Assert.Equal(1, table.Metadata.CurrentSchemaId);
        Assert.Equal(16, table.Metadata.LastColumnId);
        var note = schema.FindField("note")!;
        Assert.Equal(16, note.Id);
        Assert.False(note.Required);
        Assert.Equal(2, table.Metadata.Schemas.Count);

        var newRows = TestData.Flights(10, 5).Select(r => r.Append("hello").ToArray()).ToList();
        var newFiles = await table.WriteDataFilesAsync(newRows, "new", CancellationToken.None);
        await table.NewAppend().AddFiles(newFiles).CommitAsync();
        Assert.Equal(1, table.Metadata.CurrentSnapshot!.SchemaId);

        var rows = await table.ScanAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(15, rows.Count);
        Assert.All(rows, r => Assert.Equal(16, r.Length));
        Assert.Equal(10, rows.Count(r => r[15] is null));
        Assert.Equal(5, rows.Count(r => (string?)r[15] == "hello"));
        var ids = DuckDb.Query($"SELECT field_id FROM parquet_schema('{LocalFileIO.ToPath(newFiles[0].FilePath)}') WHERE name = 'note'");
        Assert.Equal(16, Convert.ToInt32(ids.Single()[0], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SchemaUpdateFailsWhenTheSchemaChangedMeanwhile()
    {
        var table = await _warehouse.CreateFlightTableAsync(partitioned: false);
        var stale = table.UpdateSchema().AddColumn("a", IcebergType.Long);
        await table.UpdateSchema().AddColumn("b", IcebergType.Long).CommitAsync();
        await Assert.ThrowsAsync<ValidationException>(() => stale.CommitAsync());
    }
}
