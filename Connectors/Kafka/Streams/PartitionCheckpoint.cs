namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Where a receiver stood for one partition at a barrier: every record below <see cref="NextOffset"/> had been
/// delivered to the grains (or dead-lettered, or dropped as an upstream duplicate), none at or above it.
/// </summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="NextOffset">Last offset handed out + 1: where to resume.</param>
/// <param name="MaxTimestampMs">Largest record timestamp handed out so far, or -1 when none.</param>
/// <param name="CaughtUp">True when the partition had no records beyond <see cref="NextOffset"/> at pause time (high watermark
/// known).</param>
/// <param name="UpstreamIds">Per upstream producer, the highest (epoch, sequence) seen in this partition (see
/// <see cref="KafkaRecordId"/>).</param>
[GenerateSerializer, Immutable]
public sealed record PartitionCheckpoint(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long NextOffset,
    [property: Id(3)] long MaxTimestampMs,
    [property: Id(4)] bool CaughtUp,
    [property: Id(5)] IReadOnlyDictionary<string, UpstreamPosition> UpstreamIds);
