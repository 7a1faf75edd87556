using Kickstarter.Connectors.Iceberg.Spec;
using Parquet.Schema;

namespace Kickstarter.Connectors.Iceberg.Writer;

/// <summary>
/// Maps an Iceberg schema to a Parquet schema (spec Appendix A, Parquet): every column carries its Iceberg field id;
/// strings are UTF-8 binary, decimals Parquet DECIMAL (int32/int64/fixed by precision), dates DATE, timestamps
/// TIMESTAMP_MICROS with adjustToUtc true for timestamptz.
/// </summary>
internal static class ParquetSchemaMapper
{
    public static ParquetSchema ToParquet(Schema schema) => new(schema.Fields.Select(ToDataField).ToArray<Field>());

    public static DataField ToDataField(NestedField column)
    {
        var nullable = !column.Required;
        DataField field = column.Type.Kind switch
        {
            TypeKind.Boolean => new DataField<bool>(column.Name, nullable),
            TypeKind.Int => new DataField<int>(column.Name, nullable),
            TypeKind.Long => new DataField<long>(column.Name, nullable),
            TypeKind.Float => new DataField<float>(column.Name, nullable),
            TypeKind.Double => new DataField<double>(column.Name, nullable),
            TypeKind.Decimal when column.Type.Precision <= 28 =>
                new DecimalDataField(column.Name, column.Type.Precision, column.Type.Scale, false, nullable),
            TypeKind.Date => new DateTimeDataField(column.Name, DateTimeFormat.Date, false, null, nullable),
            TypeKind.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, false, DateTimeTimeUnit.Micros, nullable),
            TypeKind.TimestampTz => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, nullable),
            TypeKind.String => new DataField<string>(column.Name, nullable),
            TypeKind.Binary => new DataField<byte[]>(column.Name, nullable),
            _ => throw new NotSupportedException(
                $"column '{column.Name}': Parquet data files of type {column.Type} are not supported by this writer yet"),
        };
        field.FieldId = column.Id;
        return field;
    }
}
