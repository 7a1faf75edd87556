using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>The Flight Consolidator's rules: which bookings become flights, and how.</summary>
public static class FlightMapper
{
    /// <summary>
    /// A booking is passed on when its arrival is after the event's own timestamp (the original compares with the
    /// wall clock; event time keeps a replay's answer identical).
    /// </summary>
    public static bool IsUpcoming(AirlineBooking booking, long eventTimestampMs) =>
        ContractTime.Parse(booking.ArrivalTime) > DateTimeOffset.FromUnixTimeMilliseconds(eventTimestampMs).UtcDateTime;

    /// <summary>Maps a booking of <paramref name="airline"/> to the unified flight record.</summary>
    public static Flight ToFlight(AirlineBooking booking, Airline airline) => new(
        booking.EmailAddress,
        booking.DepartureTime,
        booking.DepartureAirportCode,
        booking.ArrivalTime,
        booking.ArrivalAirportCode,
        booking.FlightNumber,
        booking.ConfirmationCode,
        airline.Name);
}
