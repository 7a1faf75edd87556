namespace Kickstarter.Connectors.Kafka.Streams;

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
