using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.FlyerStats;

/// <summary>Checks a parsed flight against the data contract; the reason goes into the dead-letter headers.</summary>
public static class FlightValidation
{
    /// <summary>Null when the flight is valid, else why not.</summary>
    public static string? Check(Flight? flight)
    {
        if (flight is null)
        {
            return "value is JSON null";
        }

        if (string.IsNullOrEmpty(flight.EmailAddress))
        {
            return "email_address is missing";
        }

        if (string.IsNullOrEmpty(flight.ConfirmationCode))
        {
            return "confirmation_code is missing";
        }

        if (!ContractTime.IsValid(flight.DepartureTime))
        {
            return $"departure_time is not '{ContractTime.Format}'";
        }

        if (!ContractTime.IsValid(flight.ArrivalTime))
        {
            return $"arrival_time is not '{ContractTime.Format}'";
        }

        return null;
    }
}
