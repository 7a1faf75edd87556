namespace Kickstarter.Grains.Interfaces.Epochs;

/// <summary>The highest record id a Kafka receiver has accepted from one upstream committer.</summary>
[GenerateSerializer, Immutable]
public readonly record struct UpstreamId([property: Id(0)] long Epoch, [property: Id(1)] long Sequence);

/// <summary>
/// A source partition's position at an epoch barrier: everything below <see cref="NextOffset"/> has been delivered
/// and is in the grains' state once the epoch is prepared.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SourcePosition(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long NextOffset,
    [property: Id(3)] long MaxTimestampMs,
    [property: Id(4)] bool CaughtUp,
    [property: Id(5)] Dictionary<string, UpstreamId> UpstreamIds);

/// <summary>
/// Which epochs are durable. An epoch is prepared once its committer has recorded its files; prepared epochs always
/// finish, abandoned ones never do, and epoch numbers are never reused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EpochLedger([property: Id(0)] long LastPrepared, [property: Id(1)] long[] Abandoned)
{
    public static readonly EpochLedger Empty = new(0, []);

    /// <summary>True when outputs handed in <paramref name="epoch"/> are durably on their way to the sinks.</summary>
    public bool IsPrepared(long epoch) => epoch > 0 && epoch <= LastPrepared && Array.IndexOf(Abandoned, epoch) < 0;
}

/// <summary>Asks a grain to persist its state for an epoch and hand over what it owes the outputs.</summary>
/// <param name="Epoch">The epoch being snapshotted.</param>
/// <param name="WatermarkMs">Event time up to which results are complete; windows ending at or before it fire.</param>
/// <param name="Ledger">Which earlier epochs are prepared, so handed-over outputs can be forgotten.</param>
/// <param name="PreparedOffsets">
/// Per source partition ("topic/partition"), the next offset of the last prepared epoch: every record below it has
/// been applied and snapshotted by its grain, so replay guards can forget offsets below it.
/// </param>
[GenerateSerializer, Immutable]
public sealed record SnapshotRequest(
    [property: Id(0)] long Epoch,
    [property: Id(1)] long WatermarkMs,
    [property: Id(2)] EpochLedger Ledger,
    [property: Id(3)] IReadOnlyDictionary<string, long> PreparedOffsets)
{
    /// <summary>A request with no prepared positions yet.</summary>
    public SnapshotRequest(long epoch, long watermarkMs, EpochLedger ledger)
        : this(epoch, watermarkMs, ledger, new Dictionary<string, long>())
    {
    }
}

/// <summary>A grain's answer to a snapshot request.</summary>
/// <param name="Outputs">Rows to commit in this epoch.</param>
/// <param name="StillOwes">True while the grain holds outputs not yet known to be prepared; it stays registered.</param>
[GenerateSerializer]
public sealed record SnapshotResult([property: Id(0)] Contracts.EpochOutputs Outputs, [property: Id(1)] bool StillOwes);
