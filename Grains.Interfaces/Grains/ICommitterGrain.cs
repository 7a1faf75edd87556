using Kickstarter.Connectors.Kafka.Streams;
using Orleans.Concurrency;

namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>
/// Coordinates one job's epochs (keyed by job name: "consolidator" or "flyer-stats"): barrier, snapshot, prepare,
/// commit to Iceberg and Kafka, and recovery.
/// </summary>
public interface ICommitterGrain : IGrainWithStringKey
{
    /// <summary>Starts the epoch timer if it is not running (idempotent).</summary>
    Task StartAsync();

    /// <summary>Runs one epoch now. With <paramref name="final"/> every held result is released (end of input).</summary>
    Task<CommitterStatus> CommitNowAsync(bool final);

    /// <summary>
    /// <paramref name="stoppingSilo"/> is shutting down and has stopped receiving: waits for the epoch in flight (calls
    /// do not interleave with the epoch timer), runs one more epoch so everything its grains applied is committed, and,
    /// when this committer lives on that silo, stops its timer and deactivates (a keep-alive from another silo starts
    /// it again there).
    /// </summary>
    Task<CommitterStatus> FinishBeforeSiloStopsAsync(SiloAddress stoppingSilo);

    /// <summary>Where a receiver of this job should start reading a partition, or null for the beginning.</summary>
    /// <remarks>
    /// Interleaves with a running epoch: it reads the positions of the last prepared epoch, which change atomically.
    /// </remarks>
    [AlwaysInterleave]
    Task<PartitionCheckpoint?> GetStartPositionAsync(string topic, int partition);

    /// <summary>The committer's progress.</summary>
    [AlwaysInterleave]
    Task<CommitterStatus> GetStatusAsync();
}
