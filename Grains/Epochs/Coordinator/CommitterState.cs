using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// Durable state of a job's committer: which epochs are started, prepared and complete, and the source positions
/// of the last prepared epoch (where receivers start). Small and ETag-checked, like every grain state.
/// </summary>
[GenerateSerializer]
public sealed class CommitterState
{
    /// <summary>The next epoch number to start; numbers are never reused.</summary>
    [Id(0)] public long NextEpoch { get; set; } = 1;
    [Id(1)] public long LastPrepared { get; set; }
    [Id(2)] public long LastCompleted { get; set; }

    /// <summary>Started epochs that never prepared (a crash or a failure in barrier or snapshot).</summary>
    [Id(3)] public List<long> Abandoned { get; set; } = [];

    /// <summary>Source positions as of <see cref="LastPrepared"/>.</summary>
    [Id(4)] public List<PartitionCheckpoint> Positions { get; set; } = [];

    /// <summary>The prepared epoch not yet committed to every sink, if any.</summary>
    [Id(5)] public PendingEpoch? Pending { get; set; }
    [Id(6)] public long RowsCommitted { get; set; }
    [Id(7)] public long WatermarkMs { get; set; } = -1;

    /// <summary>Grains that owed outputs or window firings at the last prepared epoch: woken after a failure.</summary>
    [Id(8)] public List<string> OwingGrains { get; set; } = [];

    public EpochLedger Ledger => new(LastPrepared, [.. Abandoned]);

    /// <summary>A copy to change and write: the committer's state in memory changes only once the write succeeded.</summary>
    public CommitterState Copy() => new()
    {
        NextEpoch = NextEpoch,
        LastPrepared = LastPrepared,
        LastCompleted = LastCompleted,
        Abandoned = [.. Abandoned],
        Positions = [.. Positions],
        Pending = Pending,
        RowsCommitted = RowsCommitted,
        WatermarkMs = WatermarkMs,
        OwingGrains = [.. OwingGrains],
    };
}
