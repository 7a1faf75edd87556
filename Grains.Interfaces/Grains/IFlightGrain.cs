namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>One flight number ("SUN123", "SKY1456"): the bookings seen for it.</summary>
public interface IFlightGrain : IJobGrain
{
    /// <summary>What this grain has seen; <see cref="FlightSummary.BookingCount"/> is 0 for an unknown flight.</summary>
    Task<FlightSummary> GetSummaryAsync();
}
