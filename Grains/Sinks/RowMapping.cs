using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Sinks;

/// <summary>Records as Iceberg rows, values in the order of <see cref="TableSchemas"/>.</summary>
public static class RowMapping
{
    public static object?[] ToRow(AirlineBooking b) =>
    [
        b.EmailAddress, b.DepartureTime, b.DepartureAirportCode, b.ArrivalTime, b.ArrivalAirportCode,
        b.FlightDuration, b.FlightNumber, b.ConfirmationCode, b.TicketPrice, b.Aircraft, b.BookingAgencyEmail,
    ];

    public static object?[] ToRow(Flight f) =>
    [
        f.EmailAddress, f.DepartureTime, f.DepartureAirportCode, f.ArrivalTime, f.ArrivalAirportCode,
        f.FlightNumber, f.ConfirmationCode, f.Airline,
    ];

    public static object?[] ToRow(FlyerStats s) => [s.EmailAddress, s.TotalFlightDuration, s.NumberOfFlights];

    public static AirlineBooking ToBooking(IReadOnlyList<object?> r) => new(
        (string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, (string)r[4]!, Convert.ToInt64(r[5]),
        (string)r[6]!, (string)r[7]!, Convert.ToDecimal(r[8]), (string)r[9]!, (string)r[10]!);

    public static Flight ToFlight(IReadOnlyList<object?> r) => new(
        (string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, (string)r[4]!, (string)r[5]!, (string)r[6]!, (string)r[7]!);

    public static FlyerStats ToFlyerStats(IReadOnlyList<object?> r) =>
        new((string)r[0]!, Convert.ToInt64(r[1]), Convert.ToInt64(r[2]));
}
