using System.Text.Json.Serialization;

namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>
/// One booking as an airline publishes it on <c>airline.sunset</c> or <c>airline.skyone</c>.
/// Field names and types follow the Flink kickstarter's AirlineData Avro schema.
/// </summary>
/// <remarks>Times are local strings in the form <c>yyyy-MM-dd HH:mm:ss</c>, as in the original.</remarks>
[GenerateSerializer, Immutable]
public sealed record AirlineBooking(
    [property: Id(0), JsonPropertyName("email_address")] string EmailAddress,
    [property: Id(1), JsonPropertyName("departure_time")] string DepartureTime,
    [property: Id(2), JsonPropertyName("departure_airport_code")] string DepartureAirportCode,
    [property: Id(3), JsonPropertyName("arrival_time")] string ArrivalTime,
    [property: Id(4), JsonPropertyName("arrival_airport_code")] string ArrivalAirportCode,
    [property: Id(5), JsonPropertyName("flight_duration")] long FlightDuration,
    [property: Id(6), JsonPropertyName("flight_number")] string FlightNumber,
    [property: Id(7), JsonPropertyName("confirmation_code")] string ConfirmationCode,
    [property: Id(8), JsonPropertyName("ticket_price")] decimal TicketPrice,
    [property: Id(9), JsonPropertyName("aircraft")] string Aircraft,
    [property: Id(10), JsonPropertyName("booking_agency_email")] string BookingAgencyEmail);
