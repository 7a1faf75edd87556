using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.Grains.Interfaces.Grains;

/// <summary>A grain of a job, taking part in its epochs: it persists its state and hands over its outputs on request.</summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Persists state and outbox in one write and returns the outputs for this epoch.</summary>
    Task<SnapshotResult> SnapshotAsync(SnapshotRequest request);

    /// <summary>Activates the grain, which re-registers itself for the next snapshot if it still owes outputs.</summary>
    Task WakeAsync();
}
