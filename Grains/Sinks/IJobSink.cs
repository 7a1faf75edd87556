using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// The two-phase sink of a job. Prepare makes an epoch's outputs durable (Parquet data files and the Kafka batch)
/// without publishing them; commit publishes them to every sink and may be repeated any number of times with the
/// same effect.
/// </summary>
public interface IJobSink
{
    /// <summary>Writes the epoch's files; deterministic names make a retried prepare overwrite its own attempt.</summary>
    Task<PreparedEpoch> PrepareAsync(JobDefinition job, long epoch, EpochOutputs outputs, CancellationToken ct);

    /// <summary>Recovery: reads a prepared epoch back from its staging files, as the committer's state names them.</summary>
    Task<PreparedEpoch> LoadAsync(JobDefinition job, PendingEpoch pending, CancellationToken ct);

    /// <summary>
    /// Commits a prepared epoch: one Iceberg snapshot per table (skipped if already there), then one Kafka transaction.
    /// </summary>
    /// <remarks>
    /// With <c>recovering</c> the epoch was prepared before (by this or a dead activation) and its commit may have
    /// partly happened: the Kafka transaction is skipped when the epoch is already visible to read_committed consumers.
    /// </remarks>
    Task CommitAsync(JobDefinition job, PreparedEpoch prepared, bool recovering, CancellationToken ct);

    /// <summary>Deletes the staging files of a completed epoch.</summary>
    Task CleanupAsync(JobDefinition job, PreparedEpoch prepared, CancellationToken ct);

    /// <summary>Runs table maintenance (compaction, snapshot expiry, orphan removal) between epochs.</summary>
    Task MaintainAsync(JobDefinition job, CancellationToken ct);
}
