using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// One record of each kind of bad Avro input, produced to an airline topic: a wrong magic byte, an unknown schema id,
/// a truncated payload, and a writer's schema (registered, BACKWARD-compatible) that does not resolve against the
/// reader's because it lacks <c>ticket_price</c>. Keyed by what is wrong with them.
/// </summary>
public static class BadAvroRecords
{
    /// <summary>Record key of each bad record, and a fragment its dead-letter reason must contain.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExpectedReasons = new Dictionary<string, string>
    {
        ["BAD-MAGIC"] = "magic byte 7 is not 0",
        ["BAD-SCHEMA-ID"] = "schema id 4242",
        ["BAD-TRUNCATED"] = "truncated or corrupt",
        ["BAD-RESOLVE"] = "does not resolve",
    };

    public static async Task ProduceAsync(string bootstrap, string registryUrl, PipelineSerdes serdes, string topic, AirlineBooking sample)
    {
        var good = serdes.Serialize(topic, AvroRecords.Booking, sample);
        var magic = (byte[])good.Clone();
        magic[0] = 7;
        var unknownId = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32BigEndian(unknownId.AsSpan(1, 4), 4242);
        var truncated = good[..(good.Length / 2)];

        var withoutPrice = (RecordSchema)global::Avro.Schema.Parse(AvroRecords.SchemaText("AirlineAvroData").Replace(
            """
                { "name": "ticket_price", "type": { "type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2 } },
            """, "", StringComparison.Ordinal));
        var record = new GenericRecord(withoutPrice);
        foreach (var field in withoutPrice.Fields)
        {
            record.Add(field.Name, field.Schema.Tag == global::Avro.Schema.Type.Long ? 150L : "x");
        }

        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        var unresolvable = await new AvroSerializer<GenericRecord>(client)
            .SerializeAsync(record, new SerializationContext(MessageComponentType.Value, topic));

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }).Build();
        foreach (var (key, value) in new[] { ("BAD-MAGIC", magic), ("BAD-SCHEMA-ID", unknownId), ("BAD-TRUNCATED", truncated), ("BAD-RESOLVE", unresolvable) })
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value });
        }
    }
}
