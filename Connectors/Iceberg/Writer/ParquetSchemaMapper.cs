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

    public static DataField ToDataField(NestedField f)
    {
        var nullable = !f.Required;
        DataField field = f.Type.Kind switch
        {
            TypeKind.Boolean => new DataField<bool>(f.Name, nullable),
            TypeKind.Int => new DataField<int>(f.Name, nullable),
            TypeKind.Long => new DataField<long>(f.Name, nullable),
            TypeKind.Float => new DataField<float>(f.Name, nullable),
            TypeKind.Double => new DataField<double>(f.Name, nullable),
            TypeKind.Decimal when f.Type.Precision <= 28 => new DecimalDataField(f.Name, f.Type.Precision, f.Type.Scale, false, nullable),
            TypeKind.Date => new DateTimeDataField(f.Name, DateTimeFormat.Date, false, null, nullable),
            TypeKind.Timestamp => new DateTimeDataField(f.Name, DateTimeFormat.Timestamp, false, DateTimeTimeUnit.Micros, nullable),
            TypeKind.TimestampTz => new DateTimeDataField(f.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, nullable),
            TypeKind.String => new DataField<string>(f.Name, nullable),
            TypeKind.Binary => new DataField<byte[]>(f.Name, nullable),
            _ => throw new NotSupportedException(
                $"column '{f.Name}': Parquet data files of type {f.Type} are not supported by this writer yet"),
        };
        field.FieldId = f.Id;
        return field;
    }
}
