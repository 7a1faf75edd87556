using System.Diagnostics;
using Confluent.Kafka;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Serialization;
using Kickstarter.Silo.Generator;

namespace Kickstarter.Benchmarks.Harness;

/// <summary>
/// Makes the fixed-seed bookings of both airlines with the product's generator and produces them, keyed by flight
/// number, with their event time as Kafka timestamp (idempotent, zstd). Remembers, per booking, only what the latency
/// figure needs: the flyer, the timestamp and whether it becomes a flight.
/// </summary>
public sealed class BookingSource : IDisposable
{
    private readonly IReadOnlyList<string> _pool;
    private readonly Dictionary<string, int> _poolIndex;
    private readonly int _seed;
    private readonly double _ratePerAirline;
    private List<(Airline Airline, BookingGenerator Generator)> _generators;
    private readonly IProducer<string, byte[]> _producer;
    private readonly TopicSet _topics;
    private readonly Lock _gate = new();
    private Error? _deliveryError;

    public BookingSource(
        BenchKafka kafka, TopicSet topics, int seed, IReadOnlyList<string> pool, DateTimeOffset start, double ratePerAirline)
    {
        _pool = pool;
        _poolIndex = new Dictionary<string, int>(pool.Count, StringComparer.Ordinal);
        for (var i = 0; i < pool.Count; i++)
        {
            _poolIndex.TryAdd(pool[i], i);
        }

        _topics = topics;
        _seed = seed;
        _ratePerAirline = ratePerAirline;
        _generators = Generators(start);
        var config = kafka.ProducerConfig();
        config.LingerMs = 5;
        _producer = new ProducerBuilder<string, byte[]>(config).Build();
    }

    /// <summary>Flyer (pool index), event time and "becomes a flight" of every booking produced, in production order.</summary>
    public List<(int Flyer, long TimestampMs, bool Upcoming)> Produced { get; } = [];

    public IReadOnlyList<string> Pool => _pool;

    /// <summary>Bookings made so far by each airline's generator.</summary>
    public long PerAirline => _generators[0].Generator.Count;

    /// <summary>Moves the event clock's start (live mode: to the moment the generator starts); only before producing.</summary>
    public void StartEventTimeAt(DateTimeOffset start)
    {
        if (PerAirline > 0)
        {
            throw new InvalidOperationException("The event clock can only move before the first booking.");
        }

        _generators = Generators(start);
    }

    private List<(Airline Airline, BookingGenerator Generator)> Generators(DateTimeOffset start) =>
        [.. Airline.All.Select(airline =>
            (airline, new BookingGenerator(airline, BookingGenerator.SeedFor(_seed, airline), _pool, start, _ratePerAirline)))];

    /// <summary>
    /// Produces <paramref name="perAirline"/> more bookings per airline as fast as Kafka takes them; returns seconds taken.
    /// </summary>
    public double Preload(long perAirline)
    {
        var clock = Stopwatch.StartNew();
        ProduceUpTo(PerAirline + perAirline);
        Flush();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Produces until each airline's generator has made <paramref name="due"/> bookings.</summary>
    public void ProduceUpTo(long due)
    {
        foreach (var (airline, generator) in _generators)
        {
            var topic = _topics.TopicOf(airline);
            while (generator.Count < due)
            {
                var (booking, ts) = generator.Next();
                var message = new Message<string, byte[]>
                {
                    Key = booking.FlightNumber,
                    Value = PipelineJson.Serialize(booking),
                    Timestamp = new Timestamp(ts, TimestampType.CreateTime),
                };
                Produce(topic, message);
                lock (_gate)
                {
                    Produced.Add((_poolIndex[booking.EmailAddress], ts, FlightMapper.IsUpcoming(booking, ts)));
                }
            }
        }

        if (_deliveryError is { } error)
        {
            throw new KafkaException(error);
        }
    }

    public void Flush()
    {
        if (_producer.Flush(TimeSpan.FromMinutes(2)) > 0)
        {
            throw new InvalidOperationException("Bookings did not reach Kafka within 2 minutes.");
        }

        if (_deliveryError is { } error)
        {
            throw new KafkaException(error);
        }
    }

    /// <summary>A copy of what was produced so far (safe while a live generator is still producing).</summary>
    public List<(int Flyer, long TimestampMs, bool Upcoming)> SnapshotProduced()
    {
        lock (_gate)
        {
            return [.. Produced];
        }
    }

    public void Dispose() => _producer.Dispose();

    private void Produce(string topic, Message<string, byte[]> message)
    {
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, report =>
                {
                    if (report.Error.IsError)
                    {
                        _deliveryError ??= report.Error;
                    }
                });
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(20));
            }
        }
    }
}
