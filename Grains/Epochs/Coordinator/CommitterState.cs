using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>
/// Durable state of a job's committer: which epochs are started, prepared and complete, and the source positions
/// of the last prepared epoch (where receivers start). Small and ETag-checked, like every grain state.
/// </summary>
/// <remarks>
/// Bounded by design: nothing here grows with the number of keys or with time. Its size is set by the number of
/// source partitions (<see cref="Positions"/>) and of owing-registry shards (<see cref="Owing"/>, at most
/// <see cref="OwingRegistry.Shards"/>); the grains that owe outputs are listed in the registry's own items.
/// <see cref="EarlierAbandoned"/> holds at most <see cref="EpochLedger.MaxEarlierAbandoned"/> runs.
/// </remarks>
[GenerateSerializer]
public sealed class CommitterState
{
    /// <summary>The next epoch number to start; numbers are never reused.</summary>
    [Id(0)] public long NextEpoch { get; set; } = 1;
    [Id(1)] public long LastPrepared { get; set; }
    [Id(2)] public long LastCompleted { get; set; }

    // Id(3) held the list of every abandoned epoch, which grew forever; PreviousPrepared (Id 9) replaces it.

    /// <summary>Source positions as of <see cref="LastPrepared"/>.</summary>
    [Id(4)] public List<PartitionCheckpoint> Positions { get; set; } = [];

    /// <summary>The prepared epoch not yet committed to every sink, if any.</summary>
    [Id(5)] public PendingEpoch? Pending { get; set; }
    [Id(6)] public long RowsCommitted { get; set; }
    [Id(7)] public long WatermarkMs { get; set; } = -1;

    // Id(8) held every grain owing outputs in this one item (tens of thousands of flyers); the registry replaces it.

    /// <summary>The prepared epoch before <see cref="LastPrepared"/>: every epoch between the two was abandoned.</summary>
    [Id(9)] public long PreviousPrepared { get; set; }

    /// <summary>
    /// Where the owing registry's current version lives, per non-empty shard, as of <see cref="LastPrepared"/>: the
    /// grains that owed outputs or window firings then, woken after a failure.
    /// </summary>
    [Id(10)] public List<OwingShard> Owing { get; set; } = [];

    /// <summary>
    /// Runs of abandoned epochs below <see cref="PreviousPrepared"/>, the last <see cref="EpochLedger.MaxEarlierAbandoned"/>
    /// (see <see cref="EpochLedger"/>).
    /// </summary>
    [Id(11)] public List<EpochRange> EarlierAbandoned { get; set; } = [];

    public EpochLedger Ledger => new(LastPrepared, PreviousPrepared) { EarlierAbandoned = EarlierAbandoned };

    /// <summary>A copy to change and write: the committer's state in memory changes only once the write succeeded.</summary>
    public CommitterState Copy() => new()
    {
        NextEpoch = NextEpoch,
        LastPrepared = LastPrepared,
        LastCompleted = LastCompleted,
        Positions = [.. Positions],
        Pending = Pending,
        RowsCommitted = RowsCommitted,
        WatermarkMs = WatermarkMs,
        PreviousPrepared = PreviousPrepared,
        Owing = [.. Owing],
        EarlierAbandoned = [.. EarlierAbandoned],
    };
}
