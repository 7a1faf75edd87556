using Avro;
using Kickstarter.Connectors.Iceberg.Spec;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>Iceberg values on the Avro wire (spec Appendix A) and back from Apache.Avro's generic reader.</summary>
internal static class AvroValues
{
    public static void Write(AvroEncoder enc, object value, IcebergType type)
    {
        var normalized = Literals.Normalize(value, type);
        switch (type.Kind)
        {
            case TypeKind.Boolean: enc.WriteBoolean((bool)normalized); break;
            case TypeKind.Int: enc.WriteInt((int)normalized); break;
            case TypeKind.Long: enc.WriteLong((long)normalized); break;
            case TypeKind.Float: enc.WriteFloat((float)normalized); break;
            case TypeKind.Double: enc.WriteDouble((double)normalized); break;
            case TypeKind.Date: enc.WriteInt(Literals.ToDays(normalized)); break;
            case TypeKind.Time: enc.WriteLong(Literals.ToTimeMicros(normalized)); break;
            case TypeKind.Timestamp or TypeKind.TimestampTz: enc.WriteLong(Literals.ToTimestampMicros(normalized)); break;
            case TypeKind.String: enc.WriteString((string)normalized); break;
            case TypeKind.Binary: enc.WriteBytes((byte[])normalized); break;
            case TypeKind.Uuid: enc.WriteFixed(Literals.UuidBigEndian((Guid)normalized)); break;
            case TypeKind.Fixed: enc.WriteFixed((byte[])normalized); break;
            case TypeKind.Decimal: enc.WriteFixed(
                PadDecimal(Literals.UnscaledBigEndian((decimal)normalized, type.Scale), type.DecimalRequiredBytes())); break;
            default: throw new NotSupportedException(type.ToString());
        }
    }

    /// <summary>Sign-extends a minimal big-endian two's complement number to the fixed size.</summary>
    private static byte[] PadDecimal(byte[] minimal, int size)
    {
        if (minimal.Length > size)
        {
            throw new ArgumentException("decimal value exceeds its precision");
        }

        var result = new byte[size];
        var fill = (minimal[0] & 0x80) != 0 ? (byte)0xFF : (byte)0;
        Array.Fill(result, fill, 0, size - minimal.Length);
        minimal.CopyTo(result, size - minimal.Length);
        return result;
    }

    /// <summary>Converts a value produced by Apache.Avro's generic reader into the canonical CLR value of the type.</summary>
    public static object? Read(object? value, IcebergType type)
    {
        if (value is null)
        {
            return null;
        }

        return type.Kind switch
        {
            TypeKind.Date => value is DateTime dt ? DateOnly.FromDateTime(dt)
                : Literals.FromDays(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)),
            TypeKind.Timestamp or TypeKind.TimestampTz => value is DateTime ts
                ? new DateTimeOffset(DateTime.SpecifyKind(ts, DateTimeKind.Utc))
                : Literals.FromTimestampMicros(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
            TypeKind.Time => value is TimeSpan span ? TimeOnly.FromTimeSpan(span)
                : new TimeOnly(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) * 10),
            TypeKind.Decimal => value switch
            {
                // Not Convert.ToDecimal: AvroDecimal's IConvertible.ToDecimal recurses forever in Apache.Avro 1.12.2.
                AvroDecimal ad => Literals.FromUnscaled(ad.UnscaledValue, ad.Scale),
                global::Avro.Generic.GenericFixed gf =>
                    Literals.FromUnscaled(new System.Numerics.BigInteger(gf.Value, isUnsigned: false, isBigEndian: true), type.Scale),
                _ => Literals.ToDecimal(value),
            },
            TypeKind.Uuid => value switch
            {
                Guid g => g,
                global::Avro.Generic.GenericFixed gf => new Guid(gf.Value, bigEndian: true),
                string s => Guid.Parse(s),
                _ => throw new FormatException("unexpected uuid representation"),
            },
            TypeKind.Fixed => value is global::Avro.Generic.GenericFixed f ? f.Value : (byte[])value,
            _ => Literals.Normalize(value, type),
        };
    }
}
