using System.Text.Json;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Serialization;

/// <summary>Airline topics: JSON bookings to <see cref="BookingRecord"/>; invalid ones go to the dead-letter topic.</summary>
public sealed class BookingDeserializer : IKafkaRecordDeserializer
{
    public KafkaDeserializeResult Deserialize(in KafkaRecordContext context)
    {
        if (Airline.ForTopic(context.Topic) is not { } airline)
        {
            return KafkaDeserializeResult.Error($"topic '{context.Topic}' is not an airline topic");
        }

        AirlineBooking? booking;
        try
        {
            booking = JsonSerializer.Deserialize(context.Value.Span, PipelineJson.Default.AirlineBooking);
        }
        catch (JsonException ex)
        {
            return KafkaDeserializeResult.Error($"not a booking: {ex.Message}");
        }

        if (RecordValidation.Check(booking, airline) is { } reason)
        {
            return KafkaDeserializeResult.Error(reason);
        }

        if (booking!.FlightNumber != context.Key)
        {
            return KafkaDeserializeResult.Error($"key '{context.Key}' is not the flight_number '{booking.FlightNumber}'");
        }

        return KafkaDeserializeResult.Event(new BookingRecord(
            new SourceOffset(context.Topic, context.Partition, context.Offset, context.TimestampMs), booking));
    }
}

/// <summary><c>airline.flight</c>: JSON flights to <see cref="FlightRecord"/>; invalid ones go to the dead-letter topic.</summary>
public sealed class FlightDeserializer : IKafkaRecordDeserializer
{
    public KafkaDeserializeResult Deserialize(in KafkaRecordContext context)
    {
        Flight? flight;
        try
        {
            flight = JsonSerializer.Deserialize(context.Value.Span, PipelineJson.Default.Flight);
        }
        catch (JsonException ex)
        {
            return KafkaDeserializeResult.Error($"not a flight: {ex.Message}");
        }

        if (RecordValidation.Check(flight) is { } reason)
        {
            return KafkaDeserializeResult.Error(reason);
        }

        if (flight!.EmailAddress != context.Key)
        {
            return KafkaDeserializeResult.Error($"key '{context.Key}' is not the email_address '{flight.EmailAddress}'");
        }

        return KafkaDeserializeResult.Event(new FlightRecord(
            new SourceOffset(context.Topic, context.Partition, context.Offset, context.TimestampMs), flight));
    }
}
