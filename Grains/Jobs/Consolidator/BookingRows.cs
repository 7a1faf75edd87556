using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>Bookings as Iceberg rows, values in the order of <see cref="ConsolidatorTables.Booking"/>.</summary>
public static class BookingRows
{
    public static object?[] ToRow(AirlineBooking booking) =>
    [
        booking.EmailAddress, booking.DepartureTime, booking.DepartureAirportCode, booking.ArrivalTime,
        booking.ArrivalAirportCode, booking.FlightDuration, booking.FlightNumber, booking.ConfirmationCode,
        booking.TicketPrice, booking.Aircraft, booking.BookingAgencyEmail,
    ];
}
