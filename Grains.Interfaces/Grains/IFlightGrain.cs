namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>One flight number ("SUN123", "SKY1456"): the bookings seen for it.</summary>
public interface IFlightGrain : IPipelineGrain
{
    /// <summary>What this grain has seen; <see cref="FlightSummary.BookingCount"/> is 0 for an unknown flight.</summary>
    Task<FlightSummary> GetSummaryAsync();
}

/// <summary>The live view of one flight number.</summary>
[GenerateSerializer, Immutable]
public sealed record FlightSummary(
    [property: Id(0)] string FlightNumber,
    [property: Id(1)] string Airline,
    [property: Id(2)] long BookingCount,
    [property: Id(3)] long FlightsPassedOn,
    [property: Id(4)] IReadOnlyList<string> ConfirmationCodes);
