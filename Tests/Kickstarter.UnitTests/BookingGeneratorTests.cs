using System.Globalization;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Silo.Generator;

namespace Kickstarter.UnitTests;

public class BookingGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<(AirlineBooking Booking, long Ts)> Generate(Airline airline, int seed, int count, int pool = 100, double rate = 10)
    {
        var flyers = BookingGenerator.CreateFlyerPool(seed, pool);
        var generator = new BookingGenerator(airline, BookingGenerator.SeedFor(seed, airline), flyers, Start, rate);
        return [.. Enumerable.Range(0, count).Select(_ => generator.Next())];
    }

    [Fact]
    public void SameSeedGivesSameBookings()
    {
        Assert.Equal(Generate(Airline.Sunset, 42, 500), Generate(Airline.Sunset, 42, 500));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentBookings()
    {
        Assert.NotEqual(Generate(Airline.Sunset, 1, 50), Generate(Airline.Sunset, 2, 50));
    }

    [Fact]
    public void TheTwoAirlinesDifferUnderOneSeed()
    {
        var sunset = Generate(Airline.Sunset, 7, 50).Select(b => b.Booking.ConfirmationCode[3..]);
        var skyOne = Generate(Airline.SkyOne, 7, 50).Select(b => b.Booking.ConfirmationCode[4..]);
        Assert.NotEqual(sunset, skyOne);
    }

    [Fact]
    public void FlyerPoolHoldsFiveCapitalLettersAtEmailCom()
    {
        var pool = BookingGenerator.CreateFlyerPool(3, 250);
        Assert.Equal(250, pool.Count);
        Assert.All(pool, e => Assert.Matches(@"^[A-Z]{5}@email\.com$", e));
    }

    [Theory]
    [InlineData("Sunset", "SUN")]
    [InlineData("SkyOne", "SKY1")]
    public void BookingsFollowTheOriginalRules(string airlineName, string prefix)
    {
        var airline = Airline.All.Single(a => a.Name == airlineName);
        var pool = BookingGenerator.CreateFlyerPool(11, 20).ToHashSet();
        foreach (var (b, ts) in Generate(airline, 11, 2000, pool: 20))
        {
            Assert.Contains(b.EmailAddress, pool);
            Assert.Contains(b.BookingAgencyEmail, pool);
            var departure = DateTime.ParseExact(b.DepartureTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var arrival = DateTime.ParseExact(b.ArrivalTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var eventDate = DateTimeOffset.FromUnixTimeMilliseconds(ts).UtcDateTime.Date;
            Assert.InRange((departure.Date - eventDate).TotalDays, 0, 364);
            Assert.Equal(0, departure.Second);
            Assert.InRange((arrival - departure).TotalMinutes, 60, 21 * 60 + 59);
            Assert.Equal((long)(arrival - departure).TotalMinutes, b.FlightDuration);
            Assert.NotEqual(b.DepartureAirportCode, b.ArrivalAirportCode);
            Assert.Contains(b.DepartureAirportCode, BookingGenerator.Airports);
            Assert.Contains(b.ArrivalAirportCode, BookingGenerator.Airports);
            Assert.Matches($"^{prefix}([0-9]|[1-9][0-9]|[1-9][0-9][0-9])$", b.FlightNumber);
            Assert.Matches($"^{prefix}[A-Z]{{6}}$", b.ConfirmationCode);
            Assert.InRange(b.TicketPrice, 500m, 1499m);
            Assert.Equal(decimal.Truncate(b.TicketPrice), b.TicketPrice);
            Assert.Matches("^Aircraft[A-Z]{3}$", b.Aircraft);
        }
    }

    [Fact]
    public void AirportListIsTheOriginalThirty()
    {
        Assert.Equal(30, BookingGenerator.Airports.Distinct().Count());
        Assert.All(BookingGenerator.Airports, a => Assert.Matches("^[A-Z]{3}$", a));
    }

    [Fact]
    public void EventTimesAdvanceAtTheConfiguredRate()
    {
        var times = Generate(Airline.Sunset, 5, 9, rate: 4).Select(b => b.Ts).ToList();
        var start = Start.ToUnixTimeMilliseconds();
        Assert.Equal(new long[] { 0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000 }, times.Select(t => t - start));
    }

    [Fact]
    public void DrawsCoverTheWholeRanges()
    {
        var bookings = Generate(Airline.Sunset, 9, 20_000).Select(b => b.Booking).ToList();
        Assert.Contains(bookings, b => b.FlightNumber == "SUN0");
        Assert.Contains(bookings, b => b.FlightNumber == "SUN999");
        Assert.Contains(bookings, b => b.TicketPrice == 500m);
        Assert.Contains(bookings, b => b.TicketPrice == 1499m);
        Assert.Equal(30, bookings.Select(b => b.DepartureAirportCode).Distinct().Count());
    }
}
