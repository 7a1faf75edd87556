namespace Kickstarter.Grains.Interfaces.Epochs;

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
