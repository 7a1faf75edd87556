using System.Buffers.Binary;
using System.Text;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>Avro binary encoding of primitives: zig-zag varints, length-prefixed bytes and strings, little-endian floats.</summary>
internal sealed class AvroEncoder(Stream output)
{
    private readonly Stream _out = output;

    public void WriteLong(long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        while ((zigzag & ~0x7FUL) != 0)
        {
            _out.WriteByte((byte)((zigzag & 0x7F) | 0x80));
            zigzag >>= 7;
        }
        _out.WriteByte((byte)zigzag);
    }

    public void WriteInt(int value) => WriteLong(value);

    public void WriteBoolean(bool value) => _out.WriteByte(value ? (byte)1 : (byte)0);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        _out.Write(value);
    }

    public void WriteString(string value) => WriteBytes(Encoding.UTF8.GetBytes(value));

    public void WriteFixed(ReadOnlySpan<byte> value) => _out.Write(value);

    public void WriteFloat(float value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _out.Write(b);
    }

    public void WriteDouble(double value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        _out.Write(b);
    }

    /// <summary>Union branch index: 0 is "null" in every union this library writes.</summary>
    public void WriteUnionIndex(int index) => WriteLong(index);

    /// <summary>Writes ["null", long] as a union.</summary>
    public void WriteOptionalLong(long? value)
    {
        if (value is { } v) { WriteUnionIndex(1); WriteLong(v); }
        else
        {
            WriteUnionIndex(0);
        }
    }

    public void WriteOptionalInt(int? value)
    {
        if (value is { } v) { WriteUnionIndex(1); WriteInt(v); }
        else
        {
            WriteUnionIndex(0);
        }
    }

    public void WriteOptionalBytes(byte[]? value)
    {
        if (value is not null) { WriteUnionIndex(1); WriteBytes(value); }
        else
        {
            WriteUnionIndex(0);
        }
    }

    /// <summary>Writes an array as one block of items followed by the end marker; empty arrays are just the end marker.</summary>
    public void WriteArray<T>(IReadOnlyCollection<T> items, Action<T> writeItem)
    {
        if (items.Count > 0)
        {
            WriteLong(items.Count);
            foreach (var item in items)
            {
                writeItem(item);
            }
        }
        WriteLong(0);
    }
}
