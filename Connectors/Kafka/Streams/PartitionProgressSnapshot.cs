namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>A checkpoint taken at pause time, before the caught-up check, and how far the consumer had read.</summary>
internal readonly record struct PartitionProgressSnapshot(PartitionCheckpoint Checkpoint, long ConsumedUpTo);
