using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;

namespace Kickstarter.UnitTests;

public class FlightRulesTests
{
    private static AirlineBooking Booking(string departure, string arrival, string flight = "SUN12") => new(
        "ABCDE@email.com", departure, "ATL", arrival, "SEA", 0, flight, "SUNQWERTY", 612.00m, "AircraftXYZ", "FGHIJ@email.com");

    private static long Ms(int y, int mo, int d, int h, int mi, int s = 0) =>
        new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void BookingArrivingAfterTheEventTimeIsUpcoming()
    {
        var booking = Booking("2026-05-01 10:00:00", "2026-05-01 12:30:00");
        Assert.True(FlightMapper.IsUpcoming(booking, Ms(2026, 5, 1, 12, 29, 59)));
    }

    [Fact]
    public void BookingArrivingAtOrBeforeTheEventTimeIsNotUpcoming()
    {
        var booking = Booking("2026-05-01 10:00:00", "2026-05-01 12:30:00");
        Assert.False(FlightMapper.IsUpcoming(booking, Ms(2026, 5, 1, 12, 30)));
        Assert.False(FlightMapper.IsUpcoming(booking, Ms(2026, 6, 1, 0, 0)));
    }

    [Fact]
    public void MappingKeepsEveryFlightFieldAndNamesTheAirline()
    {
        var booking = Booking("2026-05-01 10:00:00", "2026-05-01 12:30:00", "SKY1456");
        var flight = FlightMapper.ToFlight(booking, Airline.SkyOne);
        var expected = new Flight(
            "ABCDE@email.com", "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SKY1456", "SUNQWERTY", "SkyOne");
        Assert.Equal(expected, flight);
        Assert.Equal("Sunset", FlightMapper.ToFlight(booking, Airline.Sunset).Airline);
    }

    [Fact]
    public void DurationIsMinutesFromDepartureToArrival()
    {
        var flight = new Flight("a@email.com", "2026-12-31 23:10:00", "ATL", "2027-01-01 02:05:00", "SEA", "SUN1", "SUNAAAAAA", "Sunset");
        Assert.Equal(175, FlightDuration.Minutes(flight));
    }

    [Theory]
    [InlineData("SUN0", "Sunset")]
    [InlineData("SUN999", "Sunset")]
    [InlineData("SKY1456", "SkyOne")]
    [InlineData("SKY10", "SkyOne")]
    public void FlightNumberPrefixNamesTheAirline(string flightNumber, string airline)
    {
        Assert.Equal(airline, Airline.ForFlightNumber(flightNumber)!.Name);
    }

    [Fact]
    public void UnknownPrefixHasNoAirline() => Assert.Null(Airline.ForFlightNumber("XYZ1"));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(59_999, 0)]
    [InlineData(60_000, 60_000)]
    [InlineData(125_000, 120_000)]
    [InlineData(-1, -60_000)]
    public void WindowStartIsTheMinuteBoundaryAtOrBelow(long ts, long start) =>
        Assert.Equal(start, TumblingWindows.StartOf(ts));

    [Fact]
    public void WindowFiresOnlyOnceTheWatermarkReachesItsEnd()
    {
        Assert.False(TumblingWindows.CanFire(60_000, 119_999));
        Assert.True(TumblingWindows.CanFire(60_000, 120_000));
        Assert.True(TumblingWindows.CanFire(60_000, long.MaxValue));
        Assert.Equal(119_999, TumblingWindows.MaxTimestampOf(60_000));
    }
}
