namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>Where a source record came from: the key of a grain's replay guard.</summary>
[GenerateSerializer, Immutable]
public readonly record struct SourceOffset(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] long TimestampMs)
{
    /// <summary>The partition this offset belongs to, as "topic/partition".</summary>
    public string PartitionKey => $"{Topic}/{Partition}";
}

/// <summary>A booking as delivered to a flight grain: the parsed record and where it came from.</summary>
[GenerateSerializer, Immutable]
public sealed record BookingRecord([property: Id(0)] SourceOffset Source, [property: Id(1)] AirlineBooking Booking);

/// <summary>A flight as delivered to a flyer grain: the parsed record and where it came from.</summary>
[GenerateSerializer, Immutable]
public sealed record FlightRecord([property: Id(0)] SourceOffset Source, [property: Id(1)] Flight Flight);
