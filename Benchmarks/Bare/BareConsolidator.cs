using Kickstarter.Benchmarks.Harness;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Benchmarks.Bare;

/// <summary>
/// The Flight Consolidator as a bare loop: the product's deserializer (parse + validate), the same duplicate rule
/// (first booking of each flight number + confirmation code), the same upcoming filter and mapping, JSON out to the
/// flight topic keyed by email. No Iceberg tables, no state snapshots: that is the pipeline's extra work.
/// </summary>
public sealed class BareConsolidator(BenchKafka kafka, TopicSet topics, TimeSpan commitInterval)
    : BareLoop(kafka, [topics.Sunset, topics.SkyOne], "bare-consolidator", commitInterval)
{
    private readonly BookingDeserializer _deserializer = new();
    private readonly HashSet<(string, string)> _seen = [];

    /// <summary>Rejected records (the pipeline dead-letters them).</summary>
    public long Rejected { get; private set; }

    protected override void OnRecord(in KafkaRecordContext record)
    {
        // The product's deserializer checks the topic against the airline topics' fixed names.
        var context = record with { Topic = record.Topic == topics.Sunset ? Topics.Sunset : Topics.SkyOne };
        var result = _deserializer.Deserialize(context);
        if (result.IsError)
        {
            Rejected++;
            return;
        }

        var booking = ((BookingRecord)result.EventObject!).Booking;
        if (!_seen.Add((booking.FlightNumber, booking.ConfirmationCode)) || !FlightMapper.IsUpcoming(booking, record.TimestampMs))
        {
            return;
        }

        var flight = FlightMapper.ToFlight(booking, Airline.ForTopic(context.Topic)!);
        Produce(topics.Flight, flight.EmailAddress, PipelineJson.Serialize(flight), record.TimestampMs);
    }
}
