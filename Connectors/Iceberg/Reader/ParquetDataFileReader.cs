using System.Runtime.CompilerServices;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Spec;
using Parquet;
using Parquet.Schema;

namespace Kickstarter.Connectors.Iceberg.Reader;

/// <summary>
/// Reads a Parquet data file as rows of a projection schema, matching columns by Iceberg field id (so renamed
/// columns still match); a field the file lacks (added later) reads as null.
/// </summary>
internal static class ParquetDataFileReader
{
    public static async IAsyncEnumerable<object?[]> ReadAsync(
        IFileIO io, string location, Schema projection, [EnumeratorCancellation] CancellationToken ct)
    {
        var bytes = await io.ReadAsync(location, ct).ConfigureAwait(false);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes), null, false, ct).ConfigureAwait(false);
        var dataFields = reader.Schema.GetDataFields();
        // Leaf schema elements follow the data fields in order for flat schemas; their field ids are in the footer.
        var leaves = reader.Metadata!.Schema.Where(e => e.NumChildren is null or 0).ToList();
        var byId = new Dictionary<int, DataField>();
        for (var i = 0; i < dataFields.Length && i < leaves.Count; i++)
        {
            if (leaves[i].FieldId is { } id)
            {
                byId[id] = dataFields[i];
            }
        }
        for (var rowGroupIndex = 0; rowGroupIndex < reader.RowGroupCount; rowGroupIndex++)
        {
            using var rg = reader.OpenRowGroupReader(rowGroupIndex);
            var columns = new object?[projection.Fields.Count][];
            for (var columnIndex = 0; columnIndex < projection.Fields.Count; columnIndex++)
            {
                var field = projection.Fields[columnIndex];
                columns[columnIndex] = byId.TryGetValue(field.Id, out var df)
                    ? await ParquetColumnReader.ReadAsync(rg, df, field.Type, ct).ConfigureAwait(false)
                    : new object?[rg.RowCount];
            }
            for (var rowIndex = 0; rowIndex < rg.RowCount; rowIndex++)
            {
                var row = new object?[projection.Fields.Count];
                for (var columnIndex = 0; columnIndex < row.Length; columnIndex++)
                {
                    row[columnIndex] = columns[columnIndex][rowIndex];
                }

                yield return row;
            }
        }
    }
}
