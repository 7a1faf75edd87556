using System.Security.Cryptography;
using System.Text;

namespace Kickstarter.Connectors.Iceberg.Avro;

/// <summary>
/// Writes an Avro object container file with a schema JSON given verbatim, so Iceberg annotations such as
/// <c>"logicalType": "map"</c> on arrays survive (Apache.Avro's Schema.Parse drops them).
/// </summary>
/// <remarks>
/// Layout: magic "Obj" 0x01; metadata as an Avro map&lt;string, bytes&gt; holding avro.schema, avro.codec ("null")
/// and the caller's keys; a 16-byte random sync marker; then blocks of (record count, byte size, records, sync).
/// </remarks>
internal static class AvroContainerWriter
{
    private const int RecordsPerBlock = 1000;

    public static byte[] Write<T>(
        string schemaJson, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<T> records, Action<AvroEncoder, T> writeRecord)
    {
        using var file = new MemoryStream();
        var enc = new AvroEncoder(file);
        file.Write("Obj\u0001"u8);
        var meta = new List<KeyValuePair<string, byte[]>>
        {
            new("avro.schema", Encoding.UTF8.GetBytes(schemaJson)),
            new("avro.codec", "null"u8.ToArray()),
        };
        meta.AddRange(metadata.Select(p => new KeyValuePair<string, byte[]>(p.Key, Encoding.UTF8.GetBytes(p.Value))));
        enc.WriteLong(meta.Count);
        foreach (var (key, value) in meta)
        {
            enc.WriteString(key);
            enc.WriteBytes(value);
        }
        enc.WriteLong(0);
        var sync = RandomNumberGenerator.GetBytes(16);
        file.Write(sync);

        using var block = new MemoryStream();
        var blockEnc = new AvroEncoder(block);
        for (var start = 0; start < records.Count; start += RecordsPerBlock)
        {
            block.SetLength(0);
            var count = Math.Min(RecordsPerBlock, records.Count - start);
            for (var i = start; i < start + count; i++)
            {
                writeRecord(blockEnc, records[i]);
            }

            enc.WriteLong(count);
            enc.WriteLong(block.Length);
            block.Position = 0;
            block.CopyTo(file);
            file.Write(sync);
        }
        return file.ToArray();
    }
}
