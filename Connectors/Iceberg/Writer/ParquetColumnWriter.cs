using Kickstarter.Connectors.Iceberg.Spec;
using Parquet;
using Parquet.Schema;

namespace Kickstarter.Connectors.Iceberg.Writer;

/// <summary>Writes one column of canonical CLR values (see <see cref="Literals.Normalize"/>) through Parquet.Net's typed column
/// API.</summary>
internal static class ParquetColumnWriter
{
    public static Task WriteAsync(ParquetRowGroupWriter rg, DataField df, NestedField field, IReadOnlyList<object?> values,
        CancellationToken ct) => field.Type.Kind switch
    {
        TypeKind.Boolean => Write(rg, df, field, values, v => (bool)v, ct),
        TypeKind.Int => Write(rg, df, field, values, v => (int)v, ct),
        TypeKind.Long => Write(rg, df, field, values, v => (long)v, ct),
        TypeKind.Float => Write(rg, df, field, values, v => (float)v, ct),
        TypeKind.Double => Write(rg, df, field, values, v => (double)v, ct),
        TypeKind.Decimal => Write(rg, df, field, values, v => (decimal)v, ct),
        TypeKind.Date => Write(rg, df, field, values, v => ((DateOnly)v).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), ct),
        TypeKind.Timestamp or TypeKind.TimestampTz => Write(rg, df, field, values, v => ((DateTimeOffset)v).UtcDateTime, ct),
        TypeKind.String => rg.WriteAsync(df, values.Select(v => (string?)v).ToArray()!),
        TypeKind.Binary => rg.WriteAsync(df, values.Select(v => (byte[]?)v).ToArray()!),
        _ => throw new NotSupportedException(field.Type.ToString()),
    };

    private static Task Write<T>(ParquetRowGroupWriter rg, DataField df, NestedField field, IReadOnlyList<object?> values,
        Func<object, T> convert, CancellationToken ct)
        where T : struct
    {
        if (field.Required)
        {
            var required = new T[values.Count];
            for (var i = 0; i < required.Length; i++)
            {
                required[i] = convert(values[i] ?? throw new ArgumentException($"required column '{field.Name}' got a null value"));
            }

            return rg.WriteAsync<T>(df, (ReadOnlyMemory<T>)required, null, null, ct);
        }
        var optional = new T?[values.Count];
        for (var i = 0; i < optional.Length; i++)
        {
            optional[i] = values[i] is { } v ? convert(v) : null;
        }

        return rg.WriteAsync<T>(df, (ReadOnlyMemory<T?>)optional, null, null, ct);
    }
}
