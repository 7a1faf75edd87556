using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>
/// One silo's answer to a barrier: the positions of the partitions its receivers read, and every partition of the
/// job's source topics as its stream provider knows them (from the topic metadata), read here or not. The committer
/// needs the second list to see partitions no silo reported: a receiver that has not started yet still holds the
/// watermark back.
/// </summary>
[GenerateSerializer]
public sealed record BarrierReport(
    [property: Id(0)] List<PartitionCheckpoint> Positions,
    [property: Id(1)] List<SourcePartition> Partitions);
