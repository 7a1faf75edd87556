using System.Text.Json.Serialization;

namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>
/// A flyer's cumulative flight time (minutes) and flight count; published on <c>airline.flyer_stats</c> and stored
/// in the <c>flyer_stats</c> table. Field names follow the Flink kickstarter's FlyerStatsData Avro schema.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FlyerStats(
    [property: Id(0), JsonPropertyName("email_address")] string EmailAddress,
    [property: Id(1), JsonPropertyName("total_flight_duration")] long TotalFlightDuration,
    [property: Id(2), JsonPropertyName("number_of_flights")] long NumberOfFlights);
