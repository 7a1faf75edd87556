using System.Text;
using Kickstarter.Connectors.Kafka.Producing;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// The Kafka half of a prepared epoch: its records, in the order they will be produced, in a small binary file so a
/// redo after a crash produces byte-identical records under the same ids.
/// </summary>
/// <remarks>
/// Layout: magic "KSKB" + version byte 1, record count (int32), then per record: topic, key (length-prefixed UTF-8),
/// value (int32 length + bytes), timestamp (int64 Unix ms). Little-endian, as BinaryWriter writes.
/// </remarks>
internal static class KafkaBatchFile
{
    private static readonly byte[] Magic = "KSKB"u8.ToArray();
    private const byte Version = 1;

    public static byte[] Write(IReadOnlyList<OutputRecord> records)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(records.Count);
            foreach (var record in records)
            {
                writer.Write(record.Topic);
                writer.Write(record.Key);
                writer.Write(record.Value.Length);
                writer.Write(record.Value);
                writer.Write(record.TimestampMs);
            }
        }

        return stream.ToArray();
    }

    public static List<OutputRecord> Read(byte[] data)
    {
        using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != Version)
        {
            throw new InvalidDataException("Not a Kickstarter Kafka batch file (bad magic or version).");
        }

        var count = reader.ReadInt32();
        var records = new List<OutputRecord>(count);
        for (var index = 0; index < count; index++)
        {
            var topic = reader.ReadString();
            var key = reader.ReadString();
            var value = reader.ReadBytes(reader.ReadInt32());
            records.Add(new OutputRecord(topic, key, value, reader.ReadInt64()));
        }

        return records;
    }
}
