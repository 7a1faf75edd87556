using System.Globalization;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Json;
using Kickstarter.Connectors.Iceberg.Spec;
using Parquet;

namespace Kickstarter.Connectors.Iceberg.Writer;

/// <summary>
/// Writes rows as Parquet data files: one group of files per partition value, named
/// <c>data/&lt;partition path&gt;/&lt;prefix&gt;-&lt;partition index&gt;-&lt;n&gt;.parquet</c> (partition index in order of
/// first appearance, n counting files split at write.target-file-size-bytes), so a retried write with the same
/// prefix and rows overwrites the same files. Codec from write.parquet.compression-codec (default zstd).
/// </summary>
internal sealed class ParquetDataFileWriter(IFileIO io, TableMetadata metadata)
{
    private const int FirstRowGroupRows = 1_000;
    private const int MaxRowGroupRows = 100_000;

    public async Task<IReadOnlyList<DataFile>> WriteAsync(IReadOnlyList<object?[]> rows, string filePrefix, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(filePrefix) || filePrefix.Contains('/'))
        {
            throw new ArgumentException("file prefix must be a non-empty file name part", nameof(filePrefix));
        }

        var schema = metadata.CurrentSchema;
        var spec = metadata.DefaultSpec;
        var groups = new List<(object?[] Partition, List<object?[]> Rows)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var normalized = Normalize(schema, row);
            var partition = spec.Partition(schema, normalized);
            var key = spec.PartitionPath(schema, partition);
            if (!index.TryGetValue(key, out var groupIndex))
            {
                groupIndex = groups.Count;
                index[key] = groupIndex;
                groups.Add((partition, []));
            }
            groups[groupIndex].Rows.Add(normalized);
        }
        var result = new List<DataFile>();
        for (var groupNumber = 0; groupNumber < groups.Count; groupNumber++)
        {
            var (partition, groupRows) = groups[groupNumber];
            var dir = spec.IsUnpartitioned ? $"{metadata.Location}/data"
                : $"{metadata.Location}/data/{spec.PartitionPath(schema, partition)}";
            var fileNumber = 0;
            var offset = 0;
            while (offset < groupRows.Count)
            {
                var location = string.Create(CultureInfo.InvariantCulture, $"{dir}/{filePrefix}-{groupNumber}-{fileNumber}.parquet");
                var (file, written) = await WriteFileAsync(location, schema, spec, partition, groupRows, offset, ct).ConfigureAwait(false);
                result.Add(file);
                offset += written;
                fileNumber++;
            }
        }
        return result;
    }

    private static object?[] Normalize(Schema schema, object?[] row)
    {
        if (row.Length != schema.Fields.Count)
        {
            throw new ArgumentException($"a row has {row.Length} values but schema {schema.SchemaId} has {schema.Fields.Count} fields");
        }

        var result = new object?[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            var field = schema.Fields[i];
            if (row[i] is null)
            {
                if (field.Required)
                {
                    throw new ArgumentException($"required column '{field.Name}' got a null value");
                }

                continue;
            }
            result[i] = Literals.Normalize(row[i]!, field.Type);
        }
        return result;
    }

    private async Task<(DataFile File, int Rows)> WriteFileAsync(string location, Schema schema, PartitionSpec spec, object?[] partition,
        List<object?[]> rows, int offset, CancellationToken ct)
    {
        var target = metadata.PropertyAsLong(TableProperties.TargetFileSizeBytes, TableProperties.TargetFileSizeBytesDefault);
        var parquetSchema = ParquetSchemaMapper.ToParquet(schema);
        var dataFields = parquetSchema.GetDataFields();
        var metrics = schema.Fields.Select(f => new ColumnMetrics(f)).ToArray();
        using var stream = new MemoryStream();
        var written = 0;
        await using (var writer = await ParquetWriter.CreateAsync(parquetSchema, stream, Options(), false, ct).ConfigureAwait(false))
        {
            writer.CustomMetadata =
                new Dictionary<string, string> { ["iceberg.schema"] = SpecJson.ToJson(w => SpecJson.WriteSchema(w, schema)) };
            var groupRows = FirstRowGroupRows;
            while (offset + written < rows.Count)
            {
                var count = Math.Min(groupRows, rows.Count - offset - written);
                using (var rg = writer.CreateRowGroup())
                {
                    for (var columnIndex = 0; columnIndex < schema.Fields.Count; columnIndex++)
                    {
                        var column = new object?[count];
                        for (var rowIndex = 0; rowIndex < count; rowIndex++)
                        {
                            column[rowIndex] = rows[offset + written + rowIndex][columnIndex];
                            metrics[columnIndex].Add(column[rowIndex]);
                        }
                        await ParquetColumnWriter.WriteAsync(rg, dataFields[columnIndex], schema.Fields[columnIndex], column, ct)
                            .ConfigureAwait(false);
                    }
                }
                written += count;
                if (stream.Length >= target)
                {
                    break;
                }
                // Size the next row group so the file lands near the target size.
                var bytesPerRow = Math.Max(1.0, (double)stream.Length / written);
                groupRows = (int)Math.Clamp((target - stream.Length) / bytesPerRow, 1, MaxRowGroupRows);
            }
        }
        var bytes = stream.ToArray();
        await io.WriteAsync(location, bytes, ct).ConfigureAwait(false);
        var (columnSizes, splitOffsets) = await FooterFactsAsync(bytes, schema, ct).ConfigureAwait(false);
        var file = new DataFile
        {
            FilePath = location,
            FileFormat = "parquet",
            SpecId = spec.SpecId,
            Partition = partition,
            RecordCount = written,
            FileSizeInBytes = bytes.Length,
            ColumnSizes = columnSizes,
            ValueCounts = metrics.ToDictionary(m => m.Field.Id, m => m.ValueCount),
            NullValueCounts = metrics.ToDictionary(m => m.Field.Id, m => m.NullCount),
            NanValueCounts = metrics.Where(m => m.IsFloating).ToDictionary(m => m.Field.Id, m => m.NanCount),
            LowerBounds = metrics.Where(m => m.LowerBound is not null).ToDictionary(m => m.Field.Id, m => m.LowerBound!),
            UpperBounds = metrics.Where(m => m.UpperBound is not null).ToDictionary(m => m.Field.Id, m => m.UpperBound!),
            SplitOffsets = splitOffsets,
            SortOrderId = metadata.DefaultSortOrderId == 0 ? 0 : null,
        };
        return (file, written);
    }

    private ParquetOptions Options() => new()
    {
        CompressionMethod = metadata.Property(TableProperties.ParquetCompressionCodec, "zstd").ToLowerInvariant() switch
        {
            "zstd" => CompressionMethod.Zstd,
            "snappy" => CompressionMethod.Snappy,
            "gzip" => CompressionMethod.Gzip,
            "lz4" => CompressionMethod.LZ4,
            "brotli" => CompressionMethod.Brotli,
            "uncompressed" or "none" => CompressionMethod.None,
            var other => throw new NotSupportedException(
                $"table property {TableProperties.ParquetCompressionCodec}='{other}' is not a supported codec"),
        },
        CompressionLevel = CompressionLevelFor(metadata.Property(TableProperties.ParquetCompressionLevel, "")),
    };

    private static System.IO.Compression.CompressionLevel CompressionLevelFor(string level) =>
        int.TryParse(level, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var numeric)
            ? numeric switch
            {
                <= 3 => System.IO.Compression.CompressionLevel.Fastest,
                <= 9 => System.IO.Compression.CompressionLevel.Optimal,
                _ => System.IO.Compression.CompressionLevel.SmallestSize,
            }
            : System.IO.Compression.CompressionLevel.Fastest;

    /// <summary>Column chunk sizes per field id and row group start offsets, from the file's own footer.</summary>
    private static async Task<(Dictionary<int, long>, List<long>)> FooterFactsAsync(byte[] bytes, Schema schema, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes), null, false, ct).ConfigureAwait(false);
        var sizes = new Dictionary<int, long>();
        var offsets = new List<long>();
        foreach (var rg in reader.Metadata!.RowGroups)
        {
            long? start = null;
            foreach (var chunk in rg.Columns)
            {
                var md = chunk.MetaData!;
                var field = schema.FindField(md.PathInSchema[0]);
                if (field is not null)
                {
                    sizes[field.Id] = sizes.GetValueOrDefault(field.Id) + md.TotalCompressedSize;
                }

                var chunkStart = md.DictionaryPageOffset is { } dict && dict > 0 ? Math.Min(dict, md.DataPageOffset) : md.DataPageOffset;
                start = start is null ? chunkStart : Math.Min(start.Value, chunkStart);
            }
            if (start is { } s)
            {
                offsets.Add(s);
            }
        }
        offsets.Sort();
        return (sizes, offsets);
    }
}
