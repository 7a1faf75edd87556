using System.Globalization;
using Confluent.Kafka;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Serialization;
using Kickstarter.Silo.Generator;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>A fixed-seed input and the outputs expected from it, computed here from the contract's rules alone.</summary>
public sealed class FlightInput
{
    private FlightInput(List<(Airline Airline, AirlineBooking Booking, long Ts)> bookings) => Bookings = bookings;

    public List<(Airline Airline, AirlineBooking Booking, long Ts)> Bookings { get; }

    public static FlightInput Generate(int seed, int perAirline, int flyers, DateTimeOffset start, double rate = 50)
    {
        var pool = BookingGenerator.CreateFlyerPool(seed, flyers);
        var list = new List<(Airline, AirlineBooking, long)>();
        foreach (var airline in Airline.All)
        {
            var generator = new BookingGenerator(airline, BookingGenerator.SeedFor(seed, airline), pool, start, rate);
            for (var i = 0; i < perAirline; i++)
            {
                var (booking, ts) = generator.Next();
                list.Add((airline, booking, ts));
            }
        }

        return new FlightInput(list);
    }

    /// <summary>
    /// Produces every booking to its airline topic, keyed by flight number, with its event time, in the format of
    /// <paramref name="serdes"/> (JSON when null).
    /// </summary>
    public void Produce(string bootstrap, PipelineSerdes? serdes = null) =>
        ProduceAsync(bootstrap, TimeSpan.Zero, Bookings.OrderBy(b => b.Ts).ToList(), serdes, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Produces the first or the second half of the bookings by event time, so a test can act between the two.
    /// </summary>
    public void ProduceHalf(string bootstrap, bool first)
    {
        var ordered = Bookings.OrderBy(b => b.Ts).ToList();
        var half = first ? ordered.Take(ordered.Count / 2) : ordered.Skip(ordered.Count / 2);
        ProduceAsync(bootstrap, TimeSpan.Zero, [.. half], serdes: null, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Produces the bookings spread evenly over <paramref name="spread"/>, in order (the idempotent producer rides out
    /// broker faults).
    /// </summary>
    public Task ProduceAsync(string bootstrap, TimeSpan spread, CancellationToken ct, PipelineSerdes? serdes = null) =>
        ProduceAsync(bootstrap, spread, Bookings.OrderBy(b => b.Ts).ToList(), serdes, ct);

    /// <summary>
    /// Produces the bookings in event-time order in two parts: the first <paramref name="firstPart"/> of them spread over
    /// <paramref name="spread"/>, then, once <paramref name="resume"/> completes, the rest over the same spread. A test
    /// acts between the two however long its machine takes, and input still flows after it has acted.
    /// </summary>
    public async Task ProduceInTwoPartsAsync(
        string bootstrap, double firstPart, TimeSpan spread, Task resume, CancellationToken ct, PipelineSerdes? serdes = null)
    {
        var ordered = Bookings.OrderBy(b => b.Ts).ToList();
        var split = (int)(ordered.Count * firstPart);
        await ProduceAsync(bootstrap, spread, ordered[..split], serdes, ct);
        await resume.WaitAsync(ct);
        await ProduceAsync(bootstrap, spread, ordered[split..], serdes, ct);
    }

    /// <summary>
    /// Produces the bookings in event-time order in <c>resumes.Count + 1</c> equal parts, each spread over
    /// <paramref name="spread"/>: the first at once, part <c>i + 1</c> once <c>resumes[i]</c> completes. A test that stops
    /// and restarts a silo several times gets new input after each restart, however long its machine took before.
    /// </summary>
    public async Task ProduceInPartsAsync(
        string bootstrap, IReadOnlyList<Task> resumes, TimeSpan spread, CancellationToken ct, PipelineSerdes? serdes = null)
    {
        var ordered = Bookings.OrderBy(b => b.Ts).ToList();
        var parts = resumes.Count + 1;
        for (var part = 0; part < parts; part++)
        {
            if (part > 0)
            {
                await resumes[part - 1].WaitAsync(ct);
            }

            var from = ordered.Count * part / parts;
            var to = ordered.Count * (part + 1) / parts;
            await ProduceAsync(bootstrap, spread, ordered[from..to], serdes, ct);
        }
    }

    /// <summary>Produces a range of the bookings in event-time order: the first half, then the rest, say.</summary>
    public void ProduceRange(string bootstrap, int from, int count) =>
        ProduceAsync(bootstrap, TimeSpan.Zero, Bookings.OrderBy(b => b.Ts).Skip(from).Take(count).ToList(), serdes: null, CancellationToken.None)
            .GetAwaiter().GetResult();

    private static async Task ProduceAsync(
        string bootstrap, TimeSpan spread, List<(Airline Airline, AirlineBooking Booking, long Ts)> bookings, PipelineSerdes? serdes,
        CancellationToken ct)
    {
        serdes ??= PipelineSerdes.Json;
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            CompressionType = CompressionType.Zstd,
            LingerMs = 5,
            MessageTimeoutMs = 300_000,
        }).Build();
        var failures = 0;
        var started = DateTime.UtcNow;
        var index = 0;
        foreach (var (airline, booking, ts) in bookings)
        {
            if (spread > TimeSpan.Zero && index++ % 200 == 0)
            {
                var due = started + spread * ((double)index / bookings.Count);
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, ct);
                }
            }

            producer.Produce(airline.Topic, new Message<string, byte[]>
            {
                Key = booking.FlightNumber,
                Value = serdes.Serialize(airline.Topic, AvroRecords.Booking, booking),
                Timestamp = new Timestamp(ts, TimestampType.CreateTime),
            }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        if (producer.Flush(TimeSpan.FromSeconds(120)) > 0 || failures > 0)
        {
            throw new InvalidOperationException($"Input did not reach Kafka ({failures} failed deliveries).");
        }
    }

    /// <summary>Bookings the flight grains accept: the first of each (flight number, confirmation code).</summary>
    public List<(Airline Airline, AirlineBooking Booking, long Ts)> Accepted()
    {
        var seen = new HashSet<(string, string)>();
        return [.. Bookings.Where(b => seen.Add((b.Booking.FlightNumber, b.Booking.ConfirmationCode)))];
    }

    /// <summary>Expected flights, keyed by confirmation code + flight number.</summary>
    public List<(string Email, string FlightNumber, string Code, string Airline, string Departure, string Arrival)> ExpectedFlights() =>
        [.. Accepted()
            .Where(b => Parse(b.Booking.ArrivalTime) > DateTimeOffset.FromUnixTimeMilliseconds(b.Ts).UtcDateTime)
            .Select(b => (b.Booking.EmailAddress, b.Booking.FlightNumber, b.Booking.ConfirmationCode,
                b.Airline == Airline.Sunset ? "Sunset" : "SkyOne", b.Booking.DepartureTime, b.Booking.ArrivalTime))];

    /// <summary>Final stats per flyer: minutes and count over expected flights.</summary>
    public Dictionary<string, (long Minutes, long Flights)> ExpectedStats() =>
        ExpectedFlights()
            .GroupBy(f => f.Email)
            .ToDictionary(g => g.Key, g => (g.Sum(f => (long)(Parse(f.Arrival) - Parse(f.Departure)).TotalMinutes), (long)g.Count()));

    /// <summary>Number of one-minute windows (by the booking's event time) in which each flyer flew.</summary>
    public Dictionary<string, int> ExpectedWindowCounts() =>
        Accepted()
            .Where(b => Parse(b.Booking.ArrivalTime) > DateTimeOffset.FromUnixTimeMilliseconds(b.Ts).UtcDateTime)
            .GroupBy(b => b.Booking.EmailAddress)
            .ToDictionary(g => g.Key, g => g.Select(b => b.Ts / 60_000).Distinct().Count());

    private static DateTime Parse(string s) =>
        DateTime.SpecifyKind(DateTime.ParseExact(s, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
