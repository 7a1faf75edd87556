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

    /// <summary>Snapshots every grain registered for the job on this silo.</summary>
    Task<SiloSnapshot> SnapshotAsync(string job, SnapshotRequest request);

    /// <summary>Lets the job's receivers on this silo go on.</summary>
    Task ResumeAsync(string job);

    /// <summary>
    /// This silo is stopping: pauses the receivers of every job once what they handed out is delivered, and keeps them
    /// paused for good (a later resume is ignored), so the silo's grains get no record that a last epoch does not cover.
    /// </summary>
    Task StopReceivingAsync();

    /// <summary>While paused: moves the job's receivers back to <paramref name="positions"/>.</summary>
    Task RewindAsync(string job, List<PartitionCheckpoint> positions);
}
