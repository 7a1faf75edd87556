using System.Text.Json;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs.FlyerStats;

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
