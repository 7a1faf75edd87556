using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>Checks a parsed booking against the data contract; the reason goes into the dead-letter headers.</summary>
public static class BookingValidation
{
    /// <summary>Null when the booking is valid for <paramref name="airline"/>, else why not.</summary>
    public static string? Check(AirlineBooking? booking, Airline airline)
    {
        if (booking is null)
        {
            return "value is JSON null";
        }

        if (string.IsNullOrEmpty(booking.EmailAddress))
        {
            return "email_address is missing";
        }

        if (string.IsNullOrEmpty(booking.ConfirmationCode))
        {
            return "confirmation_code is missing";
        }

        if (string.IsNullOrEmpty(booking.FlightNumber))
        {
            return "flight_number is missing";
        }

        if (Airline.ForFlightNumber(booking.FlightNumber) != airline)
        {
            return $"flight_number '{booking.FlightNumber}' does not carry the prefix '{airline.FlightNumberPrefix}' of {airline.Topic}";
        }

        if (!ContractTime.IsValid(booking.DepartureTime))
        {
            return $"departure_time is not '{ContractTime.Format}'";
        }

        if (!ContractTime.IsValid(booking.ArrivalTime))
        {
            return $"arrival_time is not '{ContractTime.Format}'";
        }

        if (booking.TicketPrice < 0 || decimal.Round(booking.TicketPrice, 2) != booking.TicketPrice || booking.TicketPrice >= 100_000_000m)
        {
            return "ticket_price does not fit decimal(10,2)";
        }

        return null;
    }
}
