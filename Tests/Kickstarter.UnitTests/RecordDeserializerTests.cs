using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.UnitTests;

public class RecordDeserializerTests
{
    private const string ValidBooking = """
        {"email_address":"ABCDE@email.com","departure_time":"2026-05-01 10:00:00","departure_airport_code":"ATL",
         "arrival_time":"2026-05-01 12:30:00","arrival_airport_code":"SEA","flight_duration":150,"flight_number":"SUN12",
         "confirmation_code":"SUNQWERTY","ticket_price":612.00,"aircraft":"AircraftXYZ","booking_agency_email":"FGHIJ@email.com"}
        """;

    private static KafkaDeserializeResult Booking(string json, string topic = Topics.Sunset, string key = "SUN12") =>
        new BookingDeserializer().Deserialize(
            new KafkaRecordContext(topic, 3, 77, 1_000, key, Encoding.UTF8.GetBytes(json), new Headers()));

    [Fact]
    public void ValidBookingBecomesABookingRecordWithItsSource()
    {
        var result = Booking(ValidBooking);
        Assert.False(result.IsError, result.ErrorReason);
        var record = Assert.IsType<BookingRecord>(result.EventObject);
        Assert.Equal(new SourceOffset(Topics.Sunset, 3, 77, 1_000), record.Source);
        Assert.Equal("SUN12", record.Booking.FlightNumber);
        Assert.Equal(612.00m, record.Booking.TicketPrice);
        Assert.Equal(150, record.Booking.FlightDuration);
    }

    [Theory]
    [InlineData("{not json", "not a booking")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"flight_number":"SUN12"}""", "email_address is missing")]
    public void MalformedBookingIsRejectedWithAReason(string json, string reason)
    {
        var result = Booking(json);
        Assert.True(result.IsError);
        Assert.Contains(reason, result.ErrorReason);
    }

    [Fact]
    public void BookingOnTheOtherAirlinesTopicIsRejected()
    {
        var result = Booking(ValidBooking, topic: Topics.SkyOne);
        Assert.True(result.IsError);
        Assert.Contains("prefix 'SKY1'", result.ErrorReason);
    }

    [Fact]
    public void BookingKeyedByAnythingButItsFlightNumberIsRejected()
    {
        var result = Booking(ValidBooking, key: "SUN13");
        Assert.True(result.IsError);
        Assert.Contains("key 'SUN13'", result.ErrorReason);
    }

    [Fact]
    public void BadTimeFormatIsRejected()
    {
        var result = Booking(ValidBooking.Replace("2026-05-01 12:30:00", "2026-05-01T12:30:00Z"));
        Assert.True(result.IsError);
        Assert.Contains("arrival_time", result.ErrorReason);
    }

    [Fact]
    public void FlightJsonUsesTheOriginalFieldNames()
    {
        var json = Encoding.UTF8.GetString(PipelineJson.Serialize(
            new Flight("A@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN1", "SUNAAAAAA", "Sunset")));
        var expected = """
            {"email_address":"A@email.com","departure_time":"2026-05-01 10:00:00","departure_airport_code":"ATL",
            "arrival_time":"2026-05-01 12:30:00","arrival_airport_code":"SEA","flight_number":"SUN1",
            "confirmation_code":"SUNAAAAAA","airline":"Sunset"}
            """.ReplaceLineEndings("");
        Assert.Equal(expected, json);
    }

    [Fact]
    public void FlyerStatsJsonUsesTheOriginalFieldNames()
    {
        Assert.Equal(
            """{"email_address":"A@email.com","total_flight_duration":615,"number_of_flights":3}""",
            Encoding.UTF8.GetString(PipelineJson.Serialize(new FlyerStats("A@email.com", 615, 3))));
    }

    [Fact]
    public void FlightRecordMustBeKeyedByEmail()
    {
        var json = PipelineJson.Serialize(
            new Flight("A@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN1", "SUNAAAAAA", "Sunset"));
        var ok = new FlightDeserializer().Deserialize(new KafkaRecordContext(Topics.Flight, 0, 1, 5, "A@email.com", json, new Headers()));
        var bad = new FlightDeserializer().Deserialize(new KafkaRecordContext(Topics.Flight, 0, 1, 5, "B@email.com", json, new Headers()));
        Assert.IsType<FlightRecord>(ok.EventObject);
        Assert.True(bad.IsError);
    }
}
