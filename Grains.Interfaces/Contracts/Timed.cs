namespace Kickstarter.Grains.Interfaces.Contracts;

/// <summary>An output row with the event time it carries into Kafka (the record timestamp) and its sort key.</summary>
/// <typeparam name="T">The row type.</typeparam>
[GenerateSerializer, Immutable]
public sealed record Timed<T>([property: Id(0)] long TimestampMs, [property: Id(1)] T Row);
