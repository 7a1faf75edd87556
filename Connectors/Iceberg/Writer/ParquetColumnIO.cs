using Kickstarter.Connectors.Iceberg.Spec;
using Parquet;
using Parquet.Schema;

namespace Kickstarter.Connectors.Iceberg.Writer;

/// <summary>Moves one column between canonical CLR values (see <see cref="Literals.Normalize"/>) and Parquet.Net's typed column API.</summary>
internal static class ParquetColumnIO
{
    public static Task WriteAsync(ParquetRowGroupWriter rg, DataField df, NestedField f, IReadOnlyList<object?> values, CancellationToken ct) => f.Type.Kind switch
    {
        TypeKind.Boolean => Write(rg, df, f, values, v => (bool)v, ct),
        TypeKind.Int => Write(rg, df, f, values, v => (int)v, ct),
        TypeKind.Long => Write(rg, df, f, values, v => (long)v, ct),
        TypeKind.Float => Write(rg, df, f, values, v => (float)v, ct),
        TypeKind.Double => Write(rg, df, f, values, v => (double)v, ct),
        TypeKind.Decimal => Write(rg, df, f, values, v => (decimal)v, ct),
        TypeKind.Date => Write(rg, df, f, values, v => ((DateOnly)v).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), ct),
        TypeKind.Timestamp or TypeKind.TimestampTz => Write(rg, df, f, values, v => ((DateTimeOffset)v).UtcDateTime, ct),
        TypeKind.String => rg.WriteAsync(df, values.Select(v => (string?)v).ToArray()!),
        TypeKind.Binary => rg.WriteAsync(df, values.Select(v => (byte[]?)v).ToArray()!),
        _ => throw new NotSupportedException(f.Type.ToString()),
    };

    private static Task Write<T>(ParquetRowGroupWriter rg, DataField df, NestedField f, IReadOnlyList<object?> values, Func<object, T> convert, CancellationToken ct)
        where T : struct
    {
        if (f.Required)
        {
            var required = new T[values.Count];
            for (var i = 0; i < required.Length; i++) required[i] = convert(values[i] ?? throw new ArgumentException($"required column '{f.Name}' got a null value"));
            return rg.WriteAsync<T>(df, (ReadOnlyMemory<T>)required, null, null, ct);
        }
        var optional = new T?[values.Count];
        for (var i = 0; i < optional.Length; i++) optional[i] = values[i] is { } v ? convert(v) : null;
        return rg.WriteAsync<T>(df, (ReadOnlyMemory<T?>)optional, null, null, ct);
    }

    public static async Task<object?[]> ReadAsync(ParquetRowGroupReader rg, DataField df, IcebergType type, CancellationToken ct)
    {
        var n = (int)rg.RowCount;
        switch (type.Kind)
        {
            case TypeKind.String:
                {
                    var buffer = new string?[n];
                    await rg.ReadAsync(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
                    return buffer.Cast<object?>().ToArray();
                }
            case TypeKind.Binary:
                {
                    var buffer = new byte[]?[n];
                    await rg.ReadAsync(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
                    return buffer.Cast<object?>().ToArray();
                }
            case TypeKind.Boolean: return await Read<bool>(rg, df, n, v => v, ct).ConfigureAwait(false);
            case TypeKind.Int: return await Read<int>(rg, df, n, v => v, ct).ConfigureAwait(false);
            case TypeKind.Long: return await Read<long>(rg, df, n, v => v, ct).ConfigureAwait(false);
            case TypeKind.Float: return await Read<float>(rg, df, n, v => v, ct).ConfigureAwait(false);
            case TypeKind.Double: return await Read<double>(rg, df, n, v => v, ct).ConfigureAwait(false);
            case TypeKind.Decimal: return await Read<decimal>(rg, df, n, v => v, ct).ConfigureAwait(false);
            case TypeKind.Date: return await Read<DateTime>(rg, df, n, v => DateOnly.FromDateTime(v), ct).ConfigureAwait(false);
            case TypeKind.Timestamp or TypeKind.TimestampTz:
                return await Read<DateTime>(rg, df, n, v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)), ct).ConfigureAwait(false);
            default: throw new NotSupportedException(type.ToString());
        }
    }

    private static async Task<object?[]> Read<T>(ParquetRowGroupReader rg, DataField df, int n, Func<T, object> box, CancellationToken ct) where T : struct
    {
        var result = new object?[n];
        if (df.IsNullable)
        {
            var buffer = new T?[n];
            await rg.ReadAsync<T>(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++) result[i] = buffer[i] is { } v ? box(v) : null;
        }
        else
        {
            var buffer = new T[n];
            await rg.ReadAsync<T>(df, buffer.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < n; i++) result[i] = box(buffer[i]);
        }
        return result;
    }
}
