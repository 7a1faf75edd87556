using System.IO.Compression;

namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// Compresses serialized states at or above a threshold with Brotli, and only keeps the compressed form when it is
/// smaller. Brotli (quality 4) beats GZip on the repetitive JSON Orleans' default storage serializer produces.
/// </summary>
internal static class StatePayloadCodec
{
    public const string None = "none";
    public const string Brotli = "br";

    private const int BrotliQuality = 4;
    private const int BrotliWindowBits = 22;

    public static EncodedState Encode(ReadOnlyMemory<byte> serialized, int compressionThresholdBytes)
    {
        var raw = serialized.Span;
        if (compressionThresholdBytes > 0 && raw.Length >= compressionThresholdBytes)
        {
            var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
            if (BrotliEncoder.TryCompress(raw, buffer, out var written, BrotliQuality, BrotliWindowBits) && written < raw.Length)
            {
                return new EncodedState(buffer.AsSpan(0, written).ToArray(), Brotli, raw.Length);
            }
        }

        return new EncodedState(raw.ToArray(), None, raw.Length);
    }

    public static byte[] Decode(EncodedState state)
    {
        switch (state.Codec)
        {
            case None:
                return state.Bytes;
            case Brotli:
                using (var input = new MemoryStream(state.Bytes, writable: false))
                using (var brotli = new BrotliStream(input, CompressionMode.Decompress))
                using (var output = new MemoryStream(Math.Max(state.RawSize, 0)))
                {
                    brotli.CopyTo(output);
                    return output.ToArray();
                }
            default:
                throw new InvalidDataException($"Unknown grain state codec '{state.Codec}' (expected '{None}' or '{Brotli}').");
        }
    }
}
