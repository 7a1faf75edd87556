using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs.FlyerStats;

/// <summary>
/// <c>airline.flight</c>: flights (Avro or JSON, as the topic's format says) to <see cref="FlightRecord"/>; undecodable
/// or invalid ones go to the dead-letter topic.
/// </summary>
/// <param name="serdes">The topics' formats and the Schema Registry.</param>
public sealed class FlightDeserializer(PipelineSerdes serdes) : IKafkaRecordDeserializer
{
    /// <summary>A deserializer of JSON flights.</summary>
    public FlightDeserializer()
        : this(PipelineSerdes.Json)
    {
    }

    public KafkaDeserializeResult Deserialize(in KafkaRecordContext context)
    {
        var (flight, error) = serdes.Deserialize(context.Topic, AvroRecords.Flight, context.Value);
        if (error is not null)
        {
            return KafkaDeserializeResult.Error($"not a flight: {error}");
        }

        if (FlightValidation.Check(flight) is { } reason)
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
