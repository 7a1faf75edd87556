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
        var normalized = Literals.Normalize(value, type);
        switch (type.Kind)
        {
            case TypeKind.Boolean: return [(bool)normalized ? (byte)1 : (byte)0];
            case TypeKind.Int: return Le32((int)normalized);
            case TypeKind.Date: return Le32(Literals.ToDays(normalized));
            case TypeKind.Long: return Le64((long)normalized);
            case TypeKind.Time: return Le64(Literals.ToTimeMicros(normalized));
            case TypeKind.Timestamp or TypeKind.TimestampTz: return Le64(Literals.ToTimestampMicros(normalized));
            case TypeKind.Float:
                {
                    var buffer = new byte[4];
                    BinaryPrimitives.WriteSingleLittleEndian(buffer, (float)normalized);
                    return buffer;
                }
            case TypeKind.Double:
                {
                    var buffer = new byte[8];
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer, (double)normalized);
                    return buffer;
                }
            case TypeKind.String: return Encoding.UTF8.GetBytes((string)normalized);
            case TypeKind.Uuid: return Literals.UuidBigEndian((Guid)normalized);
            case TypeKind.Decimal: return Literals.UnscaledBigEndian((decimal)normalized, type.Scale);
            case TypeKind.Fixed or TypeKind.Binary: return (byte[])normalized;
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
    public static int Compare(object left, object right, IcebergType type) => type.Kind switch
    {
        TypeKind.String => Encoding.UTF8.GetBytes((string)left).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes((string)right)),
        TypeKind.Binary or TypeKind.Fixed => ((byte[])left).AsSpan().SequenceCompareTo((byte[])right),
        TypeKind.Uuid => Literals.UuidBigEndian((Guid)left).AsSpan().SequenceCompareTo(Literals.UuidBigEndian((Guid)right)),
        TypeKind.Double => TotalOrder((double)left, (double)right),
        TypeKind.Float => TotalOrder((float)left, (float)right),
        _ => ((IComparable)left).CompareTo(right),
    };

    private static int TotalOrder(double left, double right)
    {
        var order = left.CompareTo(right);
        if (order != 0 || left != 0)
        {
            return order;
        }
        // 0.0 == -0.0 numerically; the spec wants -0.0 first.
        return double.IsNegative(left).CompareTo(double.IsNegative(right)) * -1;
    }

    private static byte[] Le32(int value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        return buffer;
    }

    private static byte[] Le64(long value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        return buffer;
    }
}
