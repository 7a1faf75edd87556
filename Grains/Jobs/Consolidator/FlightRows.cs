using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.Consolidator;

/// <summary>Flights as Iceberg rows, values in the order of <see cref="ConsolidatorTables.Flight"/>.</summary>
public static class FlightRows
{
    public static object?[] ToRow(Flight flight) =>
    [
        flight.EmailAddress, flight.DepartureTime, flight.DepartureAirportCode, flight.ArrivalTime,
        flight.ArrivalAirportCode, flight.FlightNumber, flight.ConfirmationCode, flight.Airline,
    ];
}
