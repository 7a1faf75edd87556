namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Start positions for receivers, provided by the host (optional: without it a receiver starts at the beginning of
/// its partition). Called once when a receiver starts (silo start, or a partition moving between silos).
/// </summary>
public interface IKafkaCheckpointSource
{
    /// <summary>The checkpoint to resume <paramref name="topic"/>/<paramref name="partition"/> from, or null for the beginning.</summary>
    Task<PartitionCheckpoint?> GetCheckpointAsync(string provider, string topic, int partition, CancellationToken cancellationToken);
}
