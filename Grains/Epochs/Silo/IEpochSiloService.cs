using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Interfaces.Epochs;
using Orleans.Services;

namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>
/// The per-silo half of the epoch protocol: a grain service on every silo that pauses this silo's receivers of a job
/// at a barrier, snapshots the grains registered with it, and resumes or rewinds the receivers.
/// </summary>
public interface IEpochSiloService : IGrainService
{
    /// <summary>
    /// Pauses the job's receivers on this silo once everything handed out is delivered; returns their positions.
    /// </summary>
    Task<List<PartitionCheckpoint>> PauseAsync(string job);

    /// <summary>
    /// The epoch's barrier: <see cref="PauseAsync"/>, then refuses (<see cref="UnappliedRecordsException"/>, still paused)
    /// when the positions would count records no grain holds: deliveries Orleans gave up on, or grain states lost in a
    /// failed write, since the job's last rewind on this silo. The report also lists every partition of the job's
    /// source topics, so the committer sees the ones no silo reported.
    /// </summary>
    Task<BarrierReport> BarrierAsync(string job);

    /// <summary>
    /// Snapshots every grain registered for the job on this silo; refuses, as <see cref="BarrierAsync"/> does, when a grain
    /// lost state before or while it ran.
    /// </summary>
    Task<SiloSnapshot> SnapshotAsync(string job, SnapshotRequest request);

    /// <summary>Lets the job's receivers on this silo go on.</summary>
    Task ResumeAsync(string job);

    /// <summary>
    /// This silo is stopping: pauses the receivers of every job once what they handed out is delivered, and keeps them
    /// paused for good (a later resume is ignored), so the silo's grains get no record that a last epoch does not cover.
    /// </summary>
    Task StopReceivingAsync();

    /// <summary>
    /// While paused: moves the job's receivers back to <paramref name="positions"/> and forgets the give-ups and lost
    /// states recorded so far, which lie after them.
    /// </summary>
    Task RewindAsync(string job, List<PartitionCheckpoint> positions);
}
