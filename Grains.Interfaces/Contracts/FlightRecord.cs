namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>A flight as delivered to a flyer grain: the parsed record and where it came from.</summary>
[GenerateSerializer, Immutable]
public sealed record FlightRecord([property: Id(0)] SourceOffset Source, [property: Id(1)] Flight Flight)
    : ISourcedRecord;
