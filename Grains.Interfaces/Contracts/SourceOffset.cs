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
