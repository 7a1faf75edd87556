namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>An output row with the event time it carries into Kafka (the record timestamp) and its sort key.</summary>
/// <typeparam name="T">The row type.</typeparam>
[GenerateSerializer, Immutable]
public sealed record Timed<T>([property: Id(0)] long TimestampMs, [property: Id(1)] T Row);

/// <summary>What the grains of one silo hand to a committer for one epoch.</summary>
[GenerateSerializer]
public sealed class EpochOutputs
{
    [Id(0)] public List<Timed<AirlineBooking>> SunsetBookings { get; init; } = [];
    [Id(1)] public List<Timed<AirlineBooking>> SkyOneBookings { get; init; } = [];
    [Id(2)] public List<Timed<Flight>> Flights { get; init; } = [];
    [Id(3)] public List<Timed<FlyerStats>> FlyerStats { get; init; } = [];

    /// <summary>Total rows of every kind.</summary>
    public int Count => SunsetBookings.Count + SkyOneBookings.Count + Flights.Count + FlyerStats.Count;

    /// <summary>Appends everything <paramref name="other"/> holds.</summary>
    public void Add(EpochOutputs other)
    {
        SunsetBookings.AddRange(other.SunsetBookings);
        SkyOneBookings.AddRange(other.SkyOneBookings);
        Flights.AddRange(other.Flights);
        FlyerStats.AddRange(other.FlyerStats);
    }
}
