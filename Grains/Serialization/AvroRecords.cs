using System.Text.Json;
using Avro;
using Avro.Generic;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Serialization;

/// <summary>
/// The three record types as Avro: the schemas of <c>Grains/Serialization/Avro/*.avsc</c> (record names, namespace and
/// field types as the Flink original's <c>AirlineAvroData</c>, <c>FlightAvroData</c>, <c>FlyerStatsAvroData</c>) and
/// the codecs that map the contracts to generic records and back.
/// </summary>
public static class AvroRecords
{
    /// <summary>Scale of <c>ticket_price</c>, a <c>bytes</c> decimal(10,2).</summary>
    private const int PriceScale = 2;

    /// <summary>Bookings on <c>airline.sunset</c> and <c>airline.skyone</c> (<c>kickstarter.model.AirlineAvroData</c>).</summary>
    public static readonly RecordCodec<AirlineBooking> Booking = new()
    {
        Schema = Load("AirlineAvroData"),
        ToJson = PipelineJson.Serialize,
        FromJson = json => JsonSerializer.Deserialize(json.Span, PipelineJson.Default.AirlineBooking),
        ToAvro = booking => Record(Booking!.Schema,
            ("email_address", booking.EmailAddress),
            ("departure_time", booking.DepartureTime),
            ("departure_airport_code", booking.DepartureAirportCode),
            ("arrival_time", booking.ArrivalTime),
            ("arrival_airport_code", booking.ArrivalAirportCode),
            ("flight_duration", booking.FlightDuration),
            ("flight_number", booking.FlightNumber),
            ("confirmation_code", booking.ConfirmationCode),
            // The decimal logical type needs exactly the schema's scale: 123m has scale 0, 123.00m has 2.
            ("ticket_price", new AvroDecimal(decimal.Round(booking.TicketPrice, PriceScale) + 0.00m)),
            ("aircraft", booking.Aircraft),
            ("booking_agency_email", booking.BookingAgencyEmail)),
        FromAvro = record => new AirlineBooking(
            Text(record, "email_address"),
            Text(record, "departure_time"),
            Text(record, "departure_airport_code"),
            Text(record, "arrival_time"),
            Text(record, "arrival_airport_code"),
            Number(record, "flight_duration"),
            Text(record, "flight_number"),
            Text(record, "confirmation_code"),
            Price(record, "ticket_price"),
            Text(record, "aircraft"),
            Text(record, "booking_agency_email")),
    };

    /// <summary>Flights on <c>airline.flight</c> (<c>kickstarter.model.FlightAvroData</c>).</summary>
    public static readonly RecordCodec<Flight> Flight = new()
    {
        Schema = Load("FlightAvroData"),
        ToJson = PipelineJson.Serialize,
        FromJson = json => JsonSerializer.Deserialize(json.Span, PipelineJson.Default.Flight),
        ToAvro = flight => Record(Flight!.Schema,
            ("email_address", flight.EmailAddress),
            ("departure_time", flight.DepartureTime),
            ("departure_airport_code", flight.DepartureAirportCode),
            ("arrival_time", flight.ArrivalTime),
            ("arrival_airport_code", flight.ArrivalAirportCode),
            ("flight_number", flight.FlightNumber),
            ("confirmation_code", flight.ConfirmationCode),
            ("airline", flight.Airline)),
        FromAvro = record => new Flight(
            Text(record, "email_address"),
            Text(record, "departure_time"),
            Text(record, "departure_airport_code"),
            Text(record, "arrival_time"),
            Text(record, "arrival_airport_code"),
            Text(record, "flight_number"),
            Text(record, "confirmation_code"),
            Text(record, "airline")),
    };

    /// <summary>Flyer stats on <c>airline.flyer_stats</c> (<c>kickstarter.model.FlyerStatsAvroData</c>).</summary>
    public static readonly RecordCodec<FlyerStats> FlyerStats = new()
    {
        Schema = Load("FlyerStatsAvroData"),
        ToJson = PipelineJson.Serialize,
        FromJson = json => JsonSerializer.Deserialize(json.Span, PipelineJson.Default.FlyerStats),
        ToAvro = stats => Record(FlyerStats!.Schema,
            ("email_address", stats.EmailAddress),
            ("total_flight_duration", stats.TotalFlightDuration),
            ("number_of_flights", stats.NumberOfFlights)),
        FromAvro = record => new FlyerStats(
            Text(record, "email_address"),
            Number(record, "total_flight_duration"),
            Number(record, "number_of_flights")),
    };

    /// <summary>The text of the schema file <paramref name="name"/><c>.avsc</c>, as shipped in this assembly.</summary>
    public static string SchemaText(string name)
    {
        using var stream = typeof(AvroRecords).Assembly.GetManifestResourceStream($"Kickstarter.Avro.{name}.avsc")
            ?? throw new InvalidOperationException(
                $"Avro schema '{name}.avsc' is not embedded in {typeof(AvroRecords).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static RecordSchema Load(string name) => (RecordSchema)Avro.Schema.Parse(SchemaText(name));

    private static GenericRecord Record(RecordSchema schema, params (string Name, object Value)[] fields)
    {
        var record = new GenericRecord(schema);
        foreach (var (name, value) in fields)
        {
            record.Add(name, value);
        }

        return record;
    }

    private static string Text(GenericRecord record, string field) => record[field] switch
    {
        string text => text,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes), // bytes promote to string
        var other => throw new AvroException($"field '{field}' is {other?.GetType().Name ?? "null"}, not a string"),
    };

    private static long Number(GenericRecord record, string field) => record[field] switch
    {
        long value => value,
        int value => value, // int promotes to long
        var other => throw new AvroException($"field '{field}' is {other?.GetType().Name ?? "null"}, not a long"),
    };

    private static decimal Price(GenericRecord record, string field) => record[field] switch
    {
        AvroDecimal value => value.ToType<decimal>(),
        var other => throw new AvroException($"field '{field}' is {other?.GetType().Name ?? "null"}, not a decimal"),
    };
}
