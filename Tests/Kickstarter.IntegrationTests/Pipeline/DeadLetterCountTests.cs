using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.Options;
using Kickstarter.Connectors.Kafka.SchemaRegistry;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Serialization;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// Issue 12, "bad input on the wire ... is counted": the four kinds of bad Avro record (<see cref="BadAvroRecords"/>)
/// read by the stream provider's receiver with the pipeline's own booking deserializer, against the embedded Kafka
/// cluster and registry (no silo). Each moves <c>kickstarter.dead_letters</c> by one, tagged with its topic and
/// reason, lands on <c>airline.dlq</c> with its reason, and the good record behind them is still handed out.
/// </summary>
/// <remarks>
/// The counter is process-wide, so this class runs alone (<see cref="ProcessWideTelemetryCollection"/>): a pipeline test
/// dead-lettering the same records on the same topic at the same time would move it too.
/// </remarks>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class DeadLetterCountTests
{
    private static readonly AirlineBooking Good = new(
        "ABCDE@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", 150, "SUN12", "SUNQWERTY", 612m,
        "AircraftXYZ", "FGHIJ@email.com");

    [Fact]
    public async Task EachBadAvroRecordIsCountedOnceWithItsReasonAndThePartitionGoesOn()
    {
        using var kafka = EmbeddedKafkaCluster.Start();
        kafka.CreateTopic(Topics.Sunset, 1);
        kafka.CreateTopic(Topics.DeadLetter, 1);
        await using var registry = await EmbeddedSchemaRegistry.StartAsync();
        using var serdes = new PipelineSerdes(new SerdesOptions { SchemaRegistryUrl = registry.Url, AutoRegisterSchemas = true });
        await BadAvroRecords.ProduceAsync(kafka.BootstrapServers, registry.Url, serdes, Topics.Sunset, Good);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            var value = serdes.Serialize(Topics.Sunset, AvroRecords.Booking, Good);
            await producer.ProduceAsync(Topics.Sunset, new Message<string, byte[]> { Key = Good.FlightNumber, Value = value });
        }

        using var deadLetters = new DeadLetterMeasurements();
        var options = new KafkaStreamOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            Topics = [Topics.Sunset],
            DeadLetterTopic = Topics.DeadLetter,
        };
        using var factory = new KafkaAdapterFactory(
            "dead-letter-count", options, new BookingDeserializer(serdes), null, new KafkaReceiverRegistry(), NullLoggerFactory.Instance);
        await factory.CreateAdapter(CancellationToken.None);
        var receiver = (KafkaPartitionReceiver)factory.CreateReceiver(factory.GetStreamQueueMapper().GetAllQueues().Single());
        await receiver.Initialize(TimeSpan.FromSeconds(10));
        var delivered = new List<BookingRecord>();
        try
        {
            // The good record is the partition's last: once it is handed out, every bad one before it has been judged.
            await Eventually.Until(async () =>
            {
                foreach (var container in await receiver.GetQueueMessagesAsync(100, CancellationToken.None))
                {
                    delivered.AddRange(container.GetEvents<BookingRecord>().Select(item => item.Item1));
                }

                return delivered.Count > 0;
            }, TimeSpan.FromSeconds(30), "the good booking behind the bad records is handed out");
            await Task.WhenAll(receiver.DeadLettersInFlight()).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await receiver.Shutdown(TimeSpan.FromSeconds(5));
        }

        var booking = Assert.Single(delivered);
        Assert.Equal(Good, booking.Booking);
        Assert.Equal(BadAvroRecords.ExpectedReasons.Count, booking.Source.Offset); // behind the four bad ones

        // Exactly one per bad record, none for the good one; each deserializer rejection is the reason "rejected"
        // (the other values are for a deserializer that throws and for a malformed record id header).
        var measured = deadLetters.Snapshot();
        Assert.All(measured, m => Assert.Equal(Topics.Sunset, m.Topic));
        Assert.Equal(
            new Dictionary<string, long> { ["rejected"] = BadAvroRecords.ExpectedReasons.Count },
            measured.GroupBy(m => m.Reason).ToDictionary(g => g.Key, g => g.Sum(m => m.Value)));
        Assert.Equal(BadAvroRecords.ExpectedReasons.Count, receiver.MalformedCount);

        var dead = TopicReader.ReadAll(kafka.BootstrapServers, Topics.DeadLetter, TimeSpan.FromSeconds(30));
        Assert.Equal(BadAvroRecords.ExpectedReasons.Keys.Order(StringComparer.Ordinal), dead.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(dead, record => Assert.Contains(BadAvroRecords.ExpectedReasons[record.Key], record.Headers[KafkaDeadLetterHeaders.Reason]));
    }

    /// <summary>What <c>kickstarter.dead_letters</c> records while it lives, with its topic and reason tags.</summary>
    private sealed class DeadLetterMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Topic, string Reason, long Value)> _measured = [];

        public DeadLetterMeasurements()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == KafkaStreamMetrics.MeterName && instrument.Name == "kickstarter.dead_letters")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? topic = null;
                string? reason = null;
                foreach (var tag in tags)
                {
                    topic = tag.Key == "topic" ? tag.Value as string : topic;
                    reason = tag.Key == "reason" ? tag.Value as string : reason;
                }

                lock (_measured)
                {
                    _measured.Add((topic ?? "(no topic tag)", reason ?? "(no reason tag)", value));
                }
            });
            _listener.Start();
        }

        public List<(string Topic, string Reason, long Value)> Snapshot()
        {
            lock (_measured)
            {
                return [.. _measured];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
