using System.Text.Json;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs.Consolidator;

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

        if (BookingValidation.Check(booking, airline) is { } reason)
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
