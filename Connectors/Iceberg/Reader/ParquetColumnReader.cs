using Kickstarter.Connectors.Iceberg.Spec;
using Parquet;
using Parquet.Schema;

namespace Kickstarter.Connectors.Iceberg.Reader;

/// <summary>Reads one Parquet column through Parquet.Net's typed column API as canonical CLR values (see
/// <see cref="Literals.Normalize"/>).</summary>
internal static class ParquetColumnReader
{
    public static async Task<object?[]> ReadAsync(ParquetRowGroupReader rg, DataField df, IcebergType type, CancellationToken ct)
    {
        var rowCount = (int)rg.RowCount;
        switch (type.Kind)
        {
            case TypeKind.String:
                {
                    var buffer = new string?[rowCount];
                    await rg.ReadAsync(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
                    return buffer.Cast<object?>().ToArray();
                }
            case TypeKind.Binary:
                {
                    var buffer = new byte[]?[rowCount];
                    await rg.ReadAsync(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
                    return buffer.Cast<object?>().ToArray();
                }
            case TypeKind.Boolean: return await Read<bool>(rg, df, rowCount, v => v, ct).ConfigureAwait(false);
            case TypeKind.Int: return await Read<int>(rg, df, rowCount, v => v, ct).ConfigureAwait(false);
            case TypeKind.Long: return await Read<long>(rg, df, rowCount, v => v, ct).ConfigureAwait(false);
            case TypeKind.Float: return await Read<float>(rg, df, rowCount, v => v, ct).ConfigureAwait(false);
            case TypeKind.Double: return await Read<double>(rg, df, rowCount, v => v, ct).ConfigureAwait(false);
            case TypeKind.Decimal: return await Read<decimal>(rg, df, rowCount, v => v, ct).ConfigureAwait(false);
            case TypeKind.Date: return await Read<DateTime>(rg, df, rowCount, v => DateOnly.FromDateTime(v), ct).ConfigureAwait(false);
            case TypeKind.Timestamp or TypeKind.TimestampTz:
                return await Read<DateTime>(rg, df, rowCount, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)), ct)
                    .ConfigureAwait(false);
            default: throw new NotSupportedException(type.ToString());
        }
    }

    private static async Task<object?[]> Read<T>(
        ParquetRowGroupReader rg, DataField df, int rowCount, Func<T, object> box, CancellationToken ct) where T : struct
    {
        var result = new object?[rowCount];
        if (df.IsNullable)
        {
            var buffer = new T?[rowCount];
            await rg.ReadAsync<T>(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rowCount; i++)
            {
                result[i] = buffer[i] is { } value ? box(value) : null;
            }
        }
        else
        {
            var buffer = new T[rowCount];
            await rg.ReadAsync<T>(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rowCount; i++)
            {
                result[i] = box(buffer[i]);
            }
        }
        return result;
    }
}
