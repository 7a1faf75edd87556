using System.Text;
using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Producing;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using Kickstarter.Silo.Generator;

namespace Kickstarter.Benchmarks.Micro;

/// <summary>Per-record hot paths: JSON of each record type, the source deserializers, partitioning, generation, mapping.</summary>
[MemoryDiagnoser]
public class RecordBenchmarks
{
    private AirlineBooking _booking = null!;
    private Flight _flight = null!;
    private FlyerStats _stats = null!;
    private byte[] _bookingJson = null!;
    private byte[] _flightJson = null!;
    private byte[] _emailKey = null!;
    private BookingGenerator _generator = null!;
    private readonly BookingDeserializer _bookingDeserializer = new();
    private readonly FlightDeserializer _flightDeserializer = new();
    private readonly Headers _headers = [];

    [GlobalSetup]
    public void Setup()
    {
        var pool = BookingGenerator.CreateFlyerPool(1, 100);
        _generator = new BookingGenerator(Airline.Sunset, 7, pool, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), 1000);
        (_booking, _) = _generator.Next();
        _flight = FlightMapper.ToFlight(_booking, Airline.Sunset);
        _stats = new FlyerStats(_booking.EmailAddress, 123_456, 789);
        _bookingJson = PipelineJson.Serialize(_booking);
        _flightJson = PipelineJson.Serialize(_flight);
        _emailKey = Encoding.UTF8.GetBytes(_booking.EmailAddress);
    }

    [Benchmark]
    public byte[] SerializeBooking() => PipelineJson.Serialize(_booking);

    [Benchmark]
    public byte[] SerializeFlight() => PipelineJson.Serialize(_flight);

    [Benchmark]
    public byte[] SerializeFlyerStats() => PipelineJson.Serialize(_stats);

    /// <summary>BookingDeserializer: JSON parse, contract validation (two time parses), key check, record wrapping.</summary>
    [Benchmark]
    public object? DeserializeBooking() =>
        _bookingDeserializer.Deserialize(
            new KafkaRecordContext(Topics.Sunset, 0, 42, 1_770_000_000_000, _booking.FlightNumber, _bookingJson, _headers)).EventObject;

    [Benchmark]
    public object? DeserializeFlight() =>
        _flightDeserializer.Deserialize(
            new KafkaRecordContext(Topics.Flight, 0, 42, 1_770_000_000_000, _flight.EmailAddress, _flightJson, _headers)).EventObject;

    /// <summary>FlightGrain's per-booking rule: upcoming check (one time parse) and mapping.</summary>
    [Benchmark]
    public Flight? MapUpcomingFlight() =>
        FlightMapper.IsUpcoming(_booking, 1_770_000_000_000) ? FlightMapper.ToFlight(_booking, Airline.Sunset) : null;

    /// <summary>FlyerStatsGrain's per-flight cost: duration from two time parses.</summary>
    [Benchmark]
    public long FlightDurationMinutes() => FlightDuration.Minutes(_flight);

    [Benchmark]
    public int Murmur2PartitionOfEmail() => KafkaPartitioner.Murmur2Partition(_emailKey, 16);

    [Benchmark]
    public AirlineBooking GenerateBooking() => _generator.Next().Booking;
}
