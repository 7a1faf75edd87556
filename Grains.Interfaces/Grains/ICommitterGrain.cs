using Kickstarter.Grains.Interfaces.Epochs;
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

    /// <summary>Where a receiver of this job should start reading a partition, or null for the beginning.</summary>
    /// <remarks>Interleaves with a running epoch: it reads the positions of the last prepared epoch, which change atomically.</remarks>
    [AlwaysInterleave]
    Task<SourcePosition?> GetStartPositionAsync(string topic, int partition);

    /// <summary>The committer's progress.</summary>
    [AlwaysInterleave]
    Task<CommitterStatus> GetStatusAsync();
}

/// <summary>Progress of one committer.</summary>
[GenerateSerializer, Immutable]
public sealed record CommitterStatus(
    [property: Id(0)] string Job,
    [property: Id(1)] long LastCompletedEpoch,
    [property: Id(2)] long RowsCommitted,
    [property: Id(3)] IReadOnlyList<SourcePosition> Positions,
    [property: Id(4)] long WatermarkMs);
