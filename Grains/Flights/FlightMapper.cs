using System.Globalization;
using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Flights;

/// <summary>The Flight Consolidator's rules: which bookings become flights, and how.</summary>
public static class FlightMapper
{
    /// <summary>
    /// A booking is passed on when its arrival is after the event's own timestamp (the original compares with the
    /// wall clock; event time keeps a replay's answer identical).
    /// </summary>
    public static bool IsUpcoming(AirlineBooking booking, long eventTimestampMs) =>
        ParseTime(booking.ArrivalTime) > DateTimeOffset.FromUnixTimeMilliseconds(eventTimestampMs).UtcDateTime;

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

    /// <summary>Minutes from departure to arrival.</summary>
    public static long DurationMinutes(Flight flight) =>
        (long)(ParseTime(flight.ArrivalTime) - ParseTime(flight.DepartureTime)).TotalMinutes;

    /// <summary>Parses "yyyy-MM-dd HH:mm:ss" as UTC.</summary>
    public static DateTime ParseTime(string value) =>
        DateTime.ParseExact(value, Generation.BookingGenerator.TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>True when <paramref name="value"/> is a time in the contract's format.</summary>
    public static bool IsValidTime(string? value) =>
        value is not null && DateTime.TryParseExact(value, Generation.BookingGenerator.TimeFormat,
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
}
