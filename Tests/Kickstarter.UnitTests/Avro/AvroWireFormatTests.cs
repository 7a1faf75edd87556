using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using System.Diagnostics.CodeAnalysis;

namespace Kickstarter.UnitTests.Avro;

/// <summary>
/// Avro values in the Confluent wire format through the embedded registry: round trips, and each kind of bad input
/// rejected with its reason (the stream provider dead-letters what a deserializer rejects).
/// </summary>
[SuppressMessage(
    "Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "xUnit calls IAsyncLifetime.DisposeAsync, which disposes it; the rule does not look there.")]
public sealed class AvroWireFormatTests : IAsyncLifetime
{
    private static readonly AirlineBooking Sample = new(
        "ABCDE@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", 150, "SUN12", "SUNQWERTY", 612m,
        "AircraftXYZ", "FGHIJ@email.com");

    private EmbeddedSchemaRegistry _registry = null!;
    private PipelineSerdes _serdes = null!;

    public async Task InitializeAsync()
    {
        _registry = await EmbeddedSchemaRegistry.StartAsync();
        _serdes = new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = _registry.Url, AutoRegisterSchemas = true });
    }

    public async Task DisposeAsync()
    {
        _serdes.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public void BookingRoundTripsWithMagicByteAndSchemaId()
    {
        var bytes = _serdes.Serialize(Topics.Sunset, AvroRecords.Booking, Sample);

        Assert.Equal(0, bytes[0]);
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        var result = Booking(bytes);
        Assert.False(result.IsError, result.ErrorReason);
        var booking = Assert.IsType<BookingRecord>(result.EventObject).Booking;
        Assert.Equal(Sample, booking);
    }

    [Fact]
    public void FlightAndFlyerStatsRoundTripUnderTheirOwnSubjects()
    {
        var flight = new Flight("A@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN12", "SUNQ", "Sunset");
        var stats = new FlyerStats("A@email.com", 615, 3);

        var flightBytes = _serdes.Serialize(Topics.Flight, AvroRecords.Flight, flight);
        var statsBytes = _serdes.Serialize(Topics.FlyerStats, AvroRecords.FlyerStats, stats);

        Assert.Equal(flight, _serdes.Deserialize(Topics.Flight, AvroRecords.Flight, flightBytes).Value);
        Assert.Equal(stats, _serdes.Deserialize(Topics.FlyerStats, AvroRecords.FlyerStats, statsBytes).Value);
        var decoded = new FlightDeserializer(_serdes).Deserialize(
            new KafkaRecordContext(Topics.Flight, 0, 1, 5, "A@email.com", flightBytes, new Headers()));
        Assert.False(decoded.IsError, decoded.ErrorReason);
    }

    [Fact]
    public void WrongMagicByteIsRejectedWithItsReason()
    {
        var bytes = _serdes.Serialize(Topics.Sunset, AvroRecords.Booking, Sample);
        bytes[0] = 1;

        var result = Booking(bytes);

        Assert.True(result.IsError);
        Assert.Contains("magic byte 1 is not 0", result.ErrorReason);
    }

    [Fact]
    public void UnknownSchemaIdIsRejectedWithTheRegistrysAnswer()
    {
        var bytes = _serdes.Serialize(Topics.Sunset, AvroRecords.Booking, Sample);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1, 4), 9999);

        var result = Booking(bytes);

        Assert.True(result.IsError);
        Assert.Contains("schema id 9999", result.ErrorReason);
        Assert.Contains("40403", result.ErrorReason);
    }

    [Fact]
    public void TruncatedPayloadIsRejected()
    {
        var bytes = _serdes.Serialize(Topics.Sunset, AvroRecords.Booking, Sample);

        var result = Booking(bytes[..(bytes.Length / 2)]);

        Assert.True(result.IsError);
        Assert.Contains("truncated or corrupt", result.ErrorReason);
    }

    [Fact]
    public async Task WriterSchemaThatDoesNotResolveAgainstTheReadersIsRejected()
    {
        // A booking schema without ticket_price: the registry accepts it under BACKWARD (dropping a field is), but our
        // reader's ticket_price has no default, so records written with it cannot be read.
        var withoutPrice = (RecordSchema)global::Avro.Schema.Parse(AvroRecords.SchemaText("AirlineAvroData").Replace(
            """
                { "name": "ticket_price", "type": { "type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2 } },
            """, "", StringComparison.Ordinal));
        Assert.False(withoutPrice.TryGetField("ticket_price", out _));
        var record = new GenericRecord(withoutPrice);
        foreach (var field in withoutPrice.Fields)
        {
            record.Add(field.Name, field.Schema.Tag == global::Avro.Schema.Type.Long ? 150L : "x");
        }

        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        var serializer = new AvroSerializer<GenericRecord>(client);
        var bytes = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, Topics.Sunset));

        var result = Booking(bytes);

        Assert.True(result.IsError);
        Assert.Contains("does not resolve", result.ErrorReason);
        Assert.Contains("ticket_price", result.ErrorReason);
    }

    [Fact]
    public void JsonOnAnAvroTopicIsRejected()
    {
        var result = Booking(PipelineJson.Serialize(Sample));

        Assert.True(result.IsError);
        Assert.Contains("magic byte 123", result.ErrorReason); // '{'
    }

    [Fact]
    public void PerTopicFormatKeepsJsonWhereConfigured()
    {
        using var mixed = new PipelineSerdes(new SerdesOptions
        {
            SchemaRegistryUrl = _registry.Url,
            AutoRegisterSchemas = true,
            TopicFormats = { [Topics.SkyOne] = RecordFormat.Json },
        });

        Assert.Equal(RecordFormat.Avro, mixed.FormatOf(Topics.Sunset));
        Assert.Equal(RecordFormat.Json, mixed.FormatOf(Topics.SkyOne));
        Assert.Equal(PipelineJson.Serialize(Sample), mixed.Serialize(Topics.SkyOne, AvroRecords.Booking, Sample));
        Assert.Equal(0, mixed.Serialize(Topics.Sunset, AvroRecords.Booking, Sample)[0]);
    }

    [Fact]
    public void WithoutAutoRegistrationAnUnregisteredSubjectFailsToSerialize()
    {
        using var strict = new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = _registry.Url, AutoRegisterSchemas = false });

        var error = Assert.ThrowsAny<Exception>(() => strict.Serialize(Topics.FlyerStats, AvroRecords.FlyerStats, new FlyerStats("a", 1, 1)));

        Assert.Contains("40401", error.ToString());
    }

    private KafkaDeserializeResult Booking(byte[] value) =>
        new BookingDeserializer(_serdes).Deserialize(new KafkaRecordContext(Topics.Sunset, 3, 77, 1_000, "SUN12", value, new Headers()));
}
