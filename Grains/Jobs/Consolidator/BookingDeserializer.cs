using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>
/// Airline topics: bookings (Avro or JSON, as the topic's format says) to <see cref="BookingRecord"/>; undecodable or
/// invalid ones go to the dead-letter topic.
/// </summary>
/// <param name="serdes">The topics' formats and the Schema Registry.</param>
public sealed class BookingDeserializer(PipelineSerdes serdes) : IKafkaRecordDeserializer
{
    /// <summary>A deserializer of JSON bookings.</summary>
    public BookingDeserializer()
        : this(PipelineSerdes.Json)
    {
    }

    public KafkaDeserializeResult Deserialize(in KafkaRecordContext context)
    {
        if (Airline.ForTopic(context.Topic) is not { } airline)
        {
            return KafkaDeserializeResult.Error($"topic '{context.Topic}' is not an airline topic");
        }

        var (booking, error) = serdes.Deserialize(context.Topic, AvroRecords.Booking, context.Value);
        if (error is not null)
        {
            return KafkaDeserializeResult.Error($"not a booking: {error}");
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
