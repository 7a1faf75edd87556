using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>
/// Binary single-value serialization (spec Appendix D), used for lower/upper bounds and partition summaries,
/// and the value ordering bounds are computed with.
/// </summary>
internal static class SingleValue
{
    /// <summary>Serializes a value of the type: little-endian numbers, UTF-8 strings, big-endian unscaled decimals and UUIDs.</summary>
    public static byte[] ToBytes(object value, IcebergType type)
    {
        var v = Literals.Normalize(value, type);
        switch (type.Kind)
        {
            case TypeKind.Boolean: return [(bool)v ? (byte)1 : (byte)0];
            case TypeKind.Int: return Le32((int)v);
            case TypeKind.Date: return Le32(Literals.ToDays(v));
            case TypeKind.Long: return Le64((long)v);
            case TypeKind.Time: return Le64(Literals.ToTimeMicros(v));
            case TypeKind.Timestamp or TypeKind.TimestampTz: return Le64(Literals.ToTimestampMicros(v));
            case TypeKind.Float: { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, (float)v); return b; }
            case TypeKind.Double: { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, (double)v); return b; }
            case TypeKind.String: return Encoding.UTF8.GetBytes((string)v);
            case TypeKind.Uuid: return Literals.UuidBigEndian((Guid)v);
            case TypeKind.Decimal: return Literals.UnscaledBigEndian((decimal)v, type.Scale);
            case TypeKind.Fixed or TypeKind.Binary: return (byte[])v;
            default: throw new NotSupportedException($"single-value serialization of {type}");
        }
    }

    /// <summary>Reads a value serialized by <see cref="ToBytes"/> back into its canonical CLR value.</summary>
    public static object FromBytes(ReadOnlySpan<byte> bytes, IcebergType type) => type.Kind switch
    {
        TypeKind.Boolean => bytes[0] != 0,
        TypeKind.Int => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        TypeKind.Date => Literals.FromDays(BinaryPrimitives.ReadInt32LittleEndian(bytes)),
        TypeKind.Long => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        TypeKind.Time => new TimeOnly(BinaryPrimitives.ReadInt64LittleEndian(bytes) * 10),
        TypeKind.Timestamp or TypeKind.TimestampTz => Literals.FromTimestampMicros(BinaryPrimitives.ReadInt64LittleEndian(bytes)),
        TypeKind.Float => BinaryPrimitives.ReadSingleLittleEndian(bytes),
        TypeKind.Double => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
        TypeKind.String => Encoding.UTF8.GetString(bytes),
        TypeKind.Uuid => new Guid(bytes, bigEndian: true),
        TypeKind.Decimal => Literals.FromUnscaled(new BigInteger(bytes, isUnsigned: false, isBigEndian: true), type.Scale),
        TypeKind.Fixed or TypeKind.Binary => bytes.ToArray(),
        _ => throw new NotSupportedException($"single-value serialization of {type}"),
    };

    /// <summary>
    /// Orders two canonical values of one type as Iceberg does: strings by UTF-8 bytes (code point order), binary
    /// unsigned lexicographically, floats with -0.0 before +0.0.
    /// </summary>
    public static int Compare(object a, object b, IcebergType type) => type.Kind switch
    {
        TypeKind.String => Encoding.UTF8.GetBytes((string)a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes((string)b)),
        TypeKind.Binary or TypeKind.Fixed => ((byte[])a).AsSpan().SequenceCompareTo((byte[])b),
        TypeKind.Uuid => Literals.UuidBigEndian((Guid)a).AsSpan().SequenceCompareTo(Literals.UuidBigEndian((Guid)b)),
        TypeKind.Double => TotalOrder((double)a, (double)b),
        TypeKind.Float => TotalOrder((float)a, (float)b),
        _ => ((IComparable)a).CompareTo(b),
    };

    private static int TotalOrder(double a, double b)
    {
        var c = a.CompareTo(b);
        if (c != 0 || a != 0)
        {
            return c;
        }
        // 0.0 == -0.0 numerically; the spec wants -0.0 first.
        return double.IsNegative(a).CompareTo(double.IsNegative(b)) * -1;
    }

    private static byte[] Le32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }

    private static byte[] Le64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }
}
