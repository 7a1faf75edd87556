namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>The live view of one flight number.</summary>
/// <param name="FlightNumber">The flight number (the grain's key).</param>
/// <param name="Airline">The airline its prefix names.</param>
/// <param name="BookingCount">Distinct bookings seen over the grain's life.</param>
/// <param name="FlightsPassedOn">Bookings passed on as upcoming flights.</param>
/// <param name="ConfirmationCodes">Codes still recognised as duplicates: those within the duplicate window.</param>
[GenerateSerializer, Immutable]
public sealed record FlightSummary(
    [property: Id(0)] string FlightNumber,
    [property: Id(1)] string Airline,
    [property: Id(2)] long BookingCount,
    [property: Id(3)] long FlightsPassedOn,
    [property: Id(4)] IReadOnlyList<string> ConfirmationCodes);
