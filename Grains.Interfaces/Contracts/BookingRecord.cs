namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>A booking as delivered to a flight grain: the parsed record and where it came from.</summary>
[GenerateSerializer, Immutable]
public sealed record BookingRecord([property: Id(0)] SourceOffset Source, [property: Id(1)] AirlineBooking Booking)
    : ISourcedRecord;
