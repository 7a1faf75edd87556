using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.Grains.Epochs;

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
    [Id(4)] public List<SourcePosition> Positions { get; set; } = [];

    /// <summary>The prepared epoch not yet committed to every sink, if any.</summary>
    [Id(5)] public PreparedEpoch? Pending { get; set; }
    [Id(6)] public long RowsCommitted { get; set; }
    [Id(7)] public long WatermarkMs { get; set; } = -1;

    /// <summary>Grains that owed outputs or window firings at the last prepared epoch: woken after a failure.</summary>
    [Id(8)] public List<string> OwingGrains { get; set; } = [];

    public EpochLedger Ledger => new(LastPrepared, [.. Abandoned]);
}

/// <summary>An epoch whose files are durable: after this, it always finishes.</summary>
/// <param name="Epoch">The epoch number.</param>
/// <param name="ManifestPath">The staging manifest naming the data files and the Kafka batch of this epoch.</param>
/// <param name="RowCount">Rows over all sinks.</param>
[GenerateSerializer, Immutable]
public sealed record PreparedEpoch([property: Id(0)] long Epoch, [property: Id(1)] string ManifestPath, [property: Id(2)] long RowCount);
