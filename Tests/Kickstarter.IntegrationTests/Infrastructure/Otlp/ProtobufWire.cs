namespace Kickstarter.IntegrationTests.Infrastructure.Otlp;

/// <summary>
/// The protobuf wire format, just enough to walk a message (protobuf.dev "Encoding"): each field is a varint key
/// (field number &lt;&lt; 3 | wire type) and a value: 0 varint, 1 fixed 8 bytes, 2 length-delimited bytes, 5 fixed 4 bytes.
/// Written here rather than generated so the receiver shares nothing with the exporter it checks.
/// </summary>
public static class ProtobufWire
{
    /// <summary>One field of a message: its number, wire type, and value (varint or fixed value, or the bytes).</summary>
    public readonly record struct Field(int Number, int WireType, ulong Scalar, ReadOnlyMemory<byte> Bytes);

    /// <summary>The fields of <paramref name="message"/> in wire order (repeated fields appear once per element).</summary>
    public static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    yield return new Field(number, wireType, Varint(message.Span, ref position), default);
                    break;
                case 1:
                    yield return new Field(number, wireType, BitConverter.ToUInt64(message.Span.Slice(position, 8)), default);
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    yield return new Field(number, wireType, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, wireType, BitConverter.ToUInt32(message.Span.Slice(position, 4)), default);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wireType} of field {number} is not one protobuf 3 writes");
            }
        }
    }

    /// <summary>The length-delimited values of field <paramref name="number"/> (sub-messages, strings, bytes).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int number) =>
        Fields(message).Where(field => field.Number == number && field.WireType == 2).Select(field => field.Bytes);

    /// <summary>The string in field <paramref name="number"/>, or "" when absent (proto3's default).</summary>
    public static string String(ReadOnlyMemory<byte> message, int number) =>
        Messages(message, number).Select(bytes => System.Text.Encoding.UTF8.GetString(bytes.Span)).LastOrDefault() ?? "";

    /// <summary>The bytes in field <paramref name="number"/> as lower-case hex (trace and span ids), or "".</summary>
    public static string Hex(ReadOnlyMemory<byte> message, int number) =>
        Messages(message, number).Select(bytes => Convert.ToHexStringLower(bytes.Span)).LastOrDefault() ?? "";

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }
}
