using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Jobs.FlyerStats;

/// <summary>How long a flight is, as Flyer Stats counts it.</summary>
public static class FlightDuration
{
    /// <summary>Minutes from departure to arrival.</summary>
    public static long Minutes(Flight flight) =>
        (long)(ContractTime.Parse(flight.ArrivalTime) - ContractTime.Parse(flight.DepartureTime)).TotalMinutes;
}
