using System.Globalization;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Silo.Generator;

/// <summary>
/// Makes synthetic bookings by the Flink kickstarter's rules. The same seed and start time give the same bookings
/// with the same event timestamps, whatever the wall clock says.
/// </summary>
/// <remarks>
/// Event i of an airline carries timestamp <c>start + i * 1000 / rate</c> ms; "now" in the booking rules is that
/// event time, so a replay of the same seed is byte-identical.
/// </remarks>
public sealed class BookingGenerator
{
    /// <summary>The 30 airports of the original generator.</summary>
    public static readonly IReadOnlyList<string> Airports =
    [
        "ATL", "DFW", "DEN", "ORD", "LAX", "CLT", "MCO", "LAS", "PHX", "MIA",
        "SEA", "IAH", "JFK", "EWR", "FLL", "MSP", "SFO", "DTW", "BOS", "SLC",
        "PHL", "BWI", "TPA", "SAN", "LGA", "MDW", "BNA", "IAD", "DCA", "AUS",
    ];

    private readonly Airline _airline;
    private readonly Random _random;
    private readonly IReadOnlyList<string> _flyers;
    private readonly long _startMs;
    private readonly double _ratePerSecond;
    private long _index;

    /// <param name="airline">Whose bookings to make.</param>
    /// <param name="seed">Seed of this airline's random sequence.</param>
    /// <param name="flyers">The pool of flyer emails (see <see cref="CreateFlyerPool"/>).</param>
    /// <param name="start">Event time of the first booking.</param>
    /// <param name="ratePerSecond">Bookings per second of event time.</param>
    public BookingGenerator(
        Airline airline, int seed, IReadOnlyList<string> flyers, DateTimeOffset start, double ratePerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfZero(flyers.Count);
        _airline = airline;
        _random = new Random(seed);
        _flyers = flyers;
        _startMs = start.ToUnixTimeMilliseconds();
        _ratePerSecond = ratePerSecond;
    }

    /// <summary>How many bookings this generator has made.</summary>
    public long Count => _index;

    /// <summary>A pool of <paramref name="size"/> emails: 5 random capital letters + "@email.com".</summary>
    public static IReadOnlyList<string> CreateFlyerPool(int seed, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var random = new Random(seed);
        var pool = new string[size];
        for (var index = 0; index < size; index++)
        {
            pool[index] = Letters(random, 5) + "@email.com";
        }

        return pool;
    }

    /// <summary>The seed of one airline's sequence, derived from the run's seed so the two airlines differ.</summary>
    public static int SeedFor(int runSeed, Airline airline) =>
        unchecked(runSeed * 31 + (airline == Airline.Sunset ? 1 : 2));

    /// <summary>Makes the next booking and its event timestamp (Unix ms).</summary>
    public (AirlineBooking Booking, long TimestampMs) Next()
    {
        var timestampMs = _startMs + (long)Math.Floor(_index * 1000.0 / _ratePerSecond);
        _index++;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs).UtcDateTime;

        var departure = now.Date.AddDays(_random.Next(0, 365))
            .AddHours(_random.Next(0, 24))
            .AddMinutes(_random.Next(0, 60));
        var arrival = departure.AddHours(_random.Next(1, 22)).AddMinutes(_random.Next(0, 60));
        var departureAirport = Airports[_random.Next(Airports.Count)];
        string arrivalAirport;
        do
        {
            arrivalAirport = Airports[_random.Next(Airports.Count)];
        }
        while (arrivalAirport == departureAirport);

        var booking = new AirlineBooking(
            EmailAddress: _flyers[_random.Next(_flyers.Count)],
            DepartureTime: ContractTime.ToText(departure),
            DepartureAirportCode: departureAirport,
            ArrivalTime: ContractTime.ToText(arrival),
            ArrivalAirportCode: arrivalAirport,
            FlightDuration: (long)(arrival - departure).TotalMinutes,
            FlightNumber: _airline.FlightNumberPrefix + _random.Next(0, 1000).ToString(CultureInfo.InvariantCulture),
            ConfirmationCode: _airline.FlightNumberPrefix + Letters(_random, 6),
            TicketPrice: decimal.Round(_random.Next(500, 1500), 2) + 0.00m,
            Aircraft: "Aircraft" + Letters(_random, 3),
            BookingAgencyEmail: _flyers[_random.Next(_flyers.Count)]);
        return (booking, timestampMs);
    }

    private static string Letters(Random random, int count) =>
        string.Create(count, random, static (span, source) =>
        {
            for (var index = 0; index < span.Length; index++)
            {
                span[index] = (char)('A' + source.Next(26));
            }
        });
}
