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

/// <summary>
/// Barrier control of one Kafka stream provider on this silo, resolved as a keyed service under the provider's name:
/// <c>services.GetRequiredKeyedService&lt;IKafkaPartitionControl&gt;("kafka")</c>. Acts on the partitions this silo owns.
/// </summary>
/// <remarks>Never call it from inside a stream delivery: draining waits for deliveries to finish, so it would deadlock.</remarks>
public interface IKafkaPartitionControl
{
    /// <summary>
    /// Stops every receiver of the provider on this silo from handing out records, waits until everything handed out
    /// has been delivered to the grains and every dead-letter record is acknowledged, and returns one checkpoint per
    /// owned partition. Stays paused until <see cref="Resume"/>.
    /// </summary>
    Task<IReadOnlyList<PartitionCheckpoint>> PauseAndDrainAsync(CancellationToken cancellationToken);

    /// <summary>Lets the receivers hand out records again.</summary>
    void Resume();

    /// <summary>
    /// Every partition of the provider's topics, whichever silo reads it and whether or not its receiver has started
    /// (from the topic metadata, or the configured partition counts); empty until the provider's adapter exists on this
    /// silo. A caller combining checkpoints from all silos learns from this which partitions nobody reported.
    /// </summary>
    IReadOnlyList<(string Topic, int Partition)> Partitions { get; }

    /// <summary>
    /// Deliveries Orleans gave up on (after <c>MaxEventDeliveryTime</c>) on this silo since the provider started or since
    /// the last <see cref="RewindAsync"/>, per partition. A checkpoint taken by <see cref="PauseAndDrainAsync"/> while
    /// this is not empty counts records as delivered that no grain applied: the caller must not use it, and should
    /// rewind to a position before them instead (which clears this list).
    /// </summary>
    IReadOnlyList<DeliveryGiveUp> GivenUp { get; }

    /// <summary>
    /// Only while paused: each owned receiver drops what it has buffered, seeks to <c>to[p].NextOffset</c> (the
    /// beginning when absent) and restores its upstream-dedup state from the checkpoint; forgets the deliveries given up
    /// (<see cref="GivenUp"/>), which the rewind goes back before. Stays paused.
    /// </summary>
    Task RewindAsync(IReadOnlyDictionary<(string Topic, int Partition), PartitionCheckpoint> to, CancellationToken cancellationToken);
}

/// <summary>
/// Start positions for receivers, provided by the host (optional: without it a receiver starts at the beginning of
/// its partition). Called once when a receiver starts (silo start, or a partition moving between silos).
/// </summary>
public interface IKafkaCheckpointSource
{
    /// <summary>The checkpoint to resume <paramref name="topic"/>/<paramref name="partition"/> from, or null for the beginning.</summary>
    Task<PartitionCheckpoint?> GetCheckpointAsync(string provider, string topic, int partition, CancellationToken cancellationToken);
}
