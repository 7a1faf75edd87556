using System.Globalization;
using Avro;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.UnitTests.Avro;

/// <summary>
/// The schemas on the wire (<c>Grains/Serialization/Avro/*.avsc</c>, as the codecs load them) against the Flink
/// original's <c>AirlineAvroData</c>, <c>FlightAvroData</c> and <c>FlyerStatsAvroData</c>
/// (j3-signalroom/apache_flink-kickstarter, <c>java/app/src/main/java/kickstarter/model/avro/*.avsc</c>). The expected
/// lists are written out by hand from the original: full record name, then every field in order with its type, no
/// defaults, no unions. A renamed, reordered, retyped, added or dropped field fails here, as would a changed namespace
/// or a <c>ticket_price</c> that is no longer bytes decimal(10,2); existing Avro consumers of the original's topics
/// depend on each of these.
/// </summary>
public sealed class AvroSchemaParityTests
{
    [Fact]
    public void BookingSchemaIsTheOriginalsAirlineAvroData() => AssertSchema(
        AvroRecords.Booking.Schema,
        "kickstarter.model.AirlineAvroData",
        "email_address: string",
        "departure_time: string",
        "departure_airport_code: string",
        "arrival_time: string",
        "arrival_airport_code: string",
        "flight_duration: long",
        "flight_number: string",
        "confirmation_code: string",
        "ticket_price: bytes decimal(10,2)",
        "aircraft: string",
        "booking_agency_email: string");

    [Fact]
    public void FlightSchemaIsTheOriginalsFlightAvroData() => AssertSchema(
        AvroRecords.Flight.Schema,
        "kickstarter.model.FlightAvroData",
        "email_address: string",
        "departure_time: string",
        "departure_airport_code: string",
        "arrival_time: string",
        "arrival_airport_code: string",
        "flight_number: string",
        "confirmation_code: string",
        "airline: string");

    [Fact]
    public void FlyerStatsSchemaIsTheOriginalsFlyerStatsAvroData() => AssertSchema(
        AvroRecords.FlyerStats.Schema,
        "kickstarter.model.FlyerStatsAvroData",
        "email_address: string",
        "total_flight_duration: long",
        "number_of_flights: long");

    [Theory]
    [InlineData("AirlineAvroData")]
    [InlineData("FlightAvroData")]
    [InlineData("FlyerStatsAvroData")]
    public void EachShippedSchemaFileIsTheOneItsCodecUses(string name)
    {
        var codecs = new[] { AvroRecords.Booking.Schema, AvroRecords.Flight.Schema, AvroRecords.FlyerStats.Schema };
        var file = (RecordSchema)Schema.Parse(AvroRecords.SchemaText(name));

        var codec = Assert.Single(codecs, schema => schema.Fullname == "kickstarter.model." + name);
        Assert.Equal(Describe(file), Describe(codec));
    }

    private static void AssertSchema(RecordSchema record, string fullName, params string[] fields)
    {
        Assert.Equal(fullName, record.Fullname);
        Assert.Equal(fields, Describe(record));
    }

    /// <summary>"name: type" per field in order; a default or an unexpected shape shows in the text, so it fails.</summary>
    private static List<string> Describe(RecordSchema record) =>
        [.. record.Fields.Select(field => $"{field.Name}: {TypeOf(field.Schema)}" + (field.DefaultValue is null ? "" : $" = {field.DefaultValue}"))];

    private static string TypeOf(Schema schema) => schema switch
    {
        LogicalSchema { LogicalTypeName: "decimal" } logical => string.Create(CultureInfo.InvariantCulture,
            $"{TypeOf(logical.BaseSchema)} decimal({logical.GetProperty("precision")},{logical.GetProperty("scale")})"),
        LogicalSchema logical => $"{TypeOf(logical.BaseSchema)} {logical.LogicalTypeName}",
        PrimitiveSchema primitive => primitive.Name,
        _ => $"{schema.Tag} {schema}",
    };
}
