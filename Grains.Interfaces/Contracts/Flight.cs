using System.Text.Json.Serialization;

namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>
/// One flight of one flyer, unified from both airlines; published on <c>airline.flight</c> and stored in the
/// <c>flight</c> table. Field names follow the Flink kickstarter's FlightData Avro schema.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Flight(
    [property: Id(0), JsonPropertyName("email_address")] string EmailAddress,
    [property: Id(1), JsonPropertyName("departure_time")] string DepartureTime,
    [property: Id(2), JsonPropertyName("departure_airport_code")] string DepartureAirportCode,
    [property: Id(3), JsonPropertyName("arrival_time")] string ArrivalTime,
    [property: Id(4), JsonPropertyName("arrival_airport_code")] string ArrivalAirportCode,
    [property: Id(5), JsonPropertyName("flight_number")] string FlightNumber,
    [property: Id(6), JsonPropertyName("confirmation_code")] string ConfirmationCode,
    [property: Id(7), JsonPropertyName("airline")] string Airline);
