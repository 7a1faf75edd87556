using System.Text;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using Kickstarter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// Live input whose source partitions run at different event-time speeds: partition 0 of each airline topic moves
/// four times as much event time per record as the others, and every partition is read to its end between records.
/// The watermark must follow the slowest partition and never go down, so that flights released at it reach
/// <c>airline.flight</c> in event-time order per partition and no flight turns late downstream.
/// </summary>
public sealed class EventTimeOrderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private PipelineCluster _pipeline = null!;

    public async Task InitializeAsync()
    {
        _pipeline = PipelineCluster.CreateInfrastructure();
        await _pipeline.StartSilosAsync(silos: 1, commitInterval: TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public async Task PartitionsAtDifferentSpeedsKeepTheWatermarkMonotoneAndFlightsInEventTimeOrder()
    {
        var input = FlightInput.Generate(seed: 9090, perAirline: 800, flyers: 24, start: Start, rate: 2);
        var queues = Retime(input);
        var grains = _pipeline.Cluster.GrainFactory;
        var watermarks = new Dictionary<string, List<long>> { ["consolidator"] = [], ["flyer-stats"] = [] };
        using var feedDone = new CancellationTokenSource();
        foreach (var job in watermarks.Keys)
        {
            await grains.GetGrain<ICommitterGrain>(job).StartAsync();
        }

        var watching = WatchWatermarksAsync(grains, watermarks, feedDone.Token);

        await FeedAsync(queues);
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await feedDone.CancelAsync();
        await watching;
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(1));

        // The watermark the grains were given (the committer's status shows the one it sent) never went down.
        foreach (var (job, seen) in watermarks)
        {
            output.WriteLine($"{job}: {seen.Count} watermark readings, {seen.Distinct().Count()} distinct, last {seen.LastOrDefault()}");
            Assert.True(seen.Distinct().Count() > 3, $"{job}: the watermark hardly moved ({string.Join(",", seen.Distinct())})");
            Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{job}: watermark went from {pair.First} to {pair.Second}"));
        }

        // airline.flight: per partition, in the order a consumer reads it (each record id once), event time never goes back.
        var flights = TopicReader.ReadAll(_pipeline.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromMinutes(1))
            .DistinctBy(record => (record.Partition, record.Headers["kickstarter-id"]))
            .ToList();
        Assert.Equal(input.ExpectedFlights().Count, flights.Count);
        foreach (var partition in flights.GroupBy(record => record.Partition))
        {
            var ordered = partition.OrderBy(record => record.Offset).ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second.TimestampMs >= pair.First.TimestampMs,
                $"airline.flight/{partition.Key}: offset {pair.Second.Offset} at {pair.Second.TimestampMs} after {pair.First.TimestampMs}"));
        }

        // No flight turned late downstream: every window a flyer flew in is emitted once, with exact totals.
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(_pipeline.Iceberg, _pipeline.Kafka.BootstrapServers, input);
    }

    /// <summary>
    /// Gives each (topic, partition) its own event-time clock: partition 0 moves 60 s per record, the others 15 s, so at
    /// any moment of a round-robin feed partition 0 is four times as far into event time.
    /// </summary>
    private static List<Queue<(TopicPartition Destination, AirlineBooking Booking, long Ts)>> Retime(FlightInput input)
    {
        var byPartition = input.Bookings
            .Select((booking, index) => (booking, index, Destination: new TopicPartition(booking.Airline.Topic,
                KafkaPartitioner.Murmur2Partition(Encoding.UTF8.GetBytes(booking.Booking.FlightNumber), PipelineCluster.Partitions))))
            .GroupBy(entry => entry.Destination)
            .OrderBy(group => group.Key.Topic, StringComparer.Ordinal).ThenBy(group => group.Key.Partition.Value)
            .ToList();
        var queues = new List<Queue<(TopicPartition, AirlineBooking, long)>>();
        foreach (var group in byPartition)
        {
            var step = group.Key.Partition.Value == 0 ? 60_000 : 15_000;
            var queue = new Queue<(TopicPartition, AirlineBooking, long)>();
            var position = 0;
            foreach (var (booking, index, destination) in group.OrderBy(entry => entry.booking.Ts))
            {
                var ts = Start.ToUnixTimeMilliseconds() + (++position * step);
                input.Bookings[index] = (booking.Airline, booking.Booking, ts); // the expected outputs use the new time
                queue.Enqueue((destination, booking.Booking, ts));
            }

            queues.Add(queue);
        }

        return queues;
    }

    /// <summary>One record per partition per round, rounds 20 ms apart: every partition is read to its end in between.</summary>
    private async Task FeedAsync(List<Queue<(TopicPartition Destination, AirlineBooking Booking, long Ts)>> queues)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _pipeline.Kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 0,
        }).Build();
        while (queues.Any(queue => queue.Count > 0))
        {
            foreach (var queue in queues.Where(queue => queue.Count > 0))
            {
                var (destination, booking, ts) = queue.Dequeue();
                producer.Produce(destination, new Message<string, byte[]>
                {
                    Key = booking.FlightNumber,
                    Value = PipelineJson.Serialize(booking),
                    Timestamp = new Timestamp(ts, TimestampType.CreateTime),
                });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private static async Task WatchWatermarksAsync(IGrainFactory grains, Dictionary<string, List<long>> watermarks, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var (job, seen) in watermarks)
            {
                seen.Add((await grains.GetGrain<ICommitterGrain>(job).GetStatusAsync()).WatermarkMs);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
