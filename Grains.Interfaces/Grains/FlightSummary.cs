namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>The live view of one flight number.</summary>
[GenerateSerializer, Immutable]
public sealed record FlightSummary(
    [property: Id(0)] string FlightNumber,
    [property: Id(1)] string Airline,
    [property: Id(2)] long BookingCount,
    [property: Id(3)] long FlightsPassedOn,
    [property: Id(4)] IReadOnlyList<string> ConfirmationCodes);
