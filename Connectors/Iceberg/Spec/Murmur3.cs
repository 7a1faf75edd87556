using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Kickstarter.Connectors.Iceberg.Spec;

/// <summary>32-bit Murmur3 hash, x86 variant, seed 0, and the per-type hashing rules of the spec's Appendix B.</summary>
internal static class Murmur3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    /// <summary>Murmur3_x86_32 of the bytes with seed 0.</summary>
    public static int HashBytes(ReadOnlySpan<byte> data)
    {
        uint h1 = 0;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k1 = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            h1 ^= MixK1(k1);
            h1 = BitOperations.RotateLeft(h1, 13);
            h1 = (h1 * 5) + 0xe6546b64;
        }
        var tail = data[(blocks * 4)..];
        uint t = 0;
        switch (tail.Length)
        {
            case 3: t ^= (uint)tail[2] << 16; goto case 2;
            case 2: t ^= (uint)tail[1] << 8; goto case 1;
            case 1: t ^= tail[0]; h1 ^= MixK1(t); break;
        }
        h1 ^= (uint)data.Length;
        h1 ^= h1 >> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >> 16;
        return unchecked((int)h1);
    }

    private static uint MixK1(uint k1)
    {
        k1 *= C1;
        k1 = BitOperations.RotateLeft(k1, 15);
        return k1 * C2;
    }

    /// <summary>hashLong: the 8 little-endian bytes of the value. Ints hash as longs so promotion keeps buckets.</summary>
    public static int HashLong(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        return HashBytes(b);
    }

    /// <summary>Hashes a value of the given type as Appendix B specifies.</summary>
    public static int Hash(object value, IcebergType type) => type.Kind switch
    {
        TypeKind.Int or TypeKind.Long => HashLong(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        TypeKind.Date => HashLong(Literals.ToDays(value)),
        TypeKind.Time => HashLong(Literals.ToTimeMicros(value)),
        TypeKind.Timestamp or TypeKind.TimestampTz => HashLong(Literals.ToTimestampMicros(value)),
        TypeKind.Decimal => HashBytes(Literals.UnscaledBigEndian(Literals.ToDecimal(value), type.Scale)),
        TypeKind.String => HashBytes(Encoding.UTF8.GetBytes((string)value)),
        TypeKind.Uuid => HashBytes(Literals.UuidBigEndian((Guid)value)),
        TypeKind.Fixed or TypeKind.Binary => HashBytes((byte[])value),
        TypeKind.Boolean => HashLong((bool)value ? 1 : 0),
        TypeKind.Float or TypeKind.Double =>
            HashLong(CanonicalDoubleBits(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture))),
        _ => throw new NotSupportedException($"hashing is not defined for {type}"),
    };

    private static long CanonicalDoubleBits(double value)
    {
        if (double.IsNaN(value))
        {
            return 0x7ff8000000000000L;
        }

        if (value == 0)
        {
            return 0; // -0.0 hashes like 0.0
        }

        return BitConverter.DoubleToInt64Bits(value);
    }
}
