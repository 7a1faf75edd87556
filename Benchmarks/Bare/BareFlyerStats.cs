using Kickstarter.Benchmarks.Harness;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;

namespace Kickstarter.Benchmarks.Bare;

/// <summary>
/// Flyer Stats as a bare loop: the product's flight deserializer, a dictionary of running totals per flyer, and at
/// each commit the current totals of every flyer touched since the last one. (The pipeline emits per one-minute
/// event-time window instead; with few flyers both emit a handful of rows per commit.)
/// </summary>
public sealed class BareFlyerStats(BenchKafka kafka, TopicSet topics, TimeSpan commitInterval)
    : BareLoop(kafka, [topics.Flight], "bare-flyer-stats", commitInterval)
{
    private readonly FlightDeserializer _deserializer = new();
    private readonly Dictionary<string, Totals> _totals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    /// <summary>Distinct flyers seen.</summary>
    public int Flyers => _totals.Count;

    protected override void OnRecord(in KafkaRecordContext record)
    {
        var result = _deserializer.Deserialize(record with { Topic = Topics.Flight });
        if (result.IsError)
        {
            return;
        }

        var flight = ((FlightRecord)result.EventObject!).Flight;
        if (!_totals.TryGetValue(flight.EmailAddress, out var totals))
        {
            _totals[flight.EmailAddress] = totals = new Totals();
        }

        totals.Minutes += FlightDuration.Minutes(flight);
        totals.Flights++;
        totals.LastTimestampMs = Math.Max(totals.LastTimestampMs, record.TimestampMs);
        _touched.Add(flight.EmailAddress);
    }

    protected override void BeforeCommit()
    {
        foreach (var email in _touched)
        {
            var t = _totals[email];
            Produce(topics.FlyerStats, email, PipelineJson.Serialize(new FlyerStats(email, t.Minutes, t.Flights)), t.LastTimestampMs);
        }

        _touched.Clear();
    }

    private sealed class Totals
    {
        public long Minutes;
        public long Flights;
        public long LastTimestampMs;
    }
}
