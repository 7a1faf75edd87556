using System.Collections.Concurrent;

namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>
/// Per-silo registry of the grains that must take part in the next snapshot of a job: touched since their last
/// snapshot, or still owing outputs or window firings. Grains register themselves; the epoch service reads it.
/// </summary>
public sealed class EpochParticipants
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<GrainId, byte>> _byJob = new();

    /// <summary>Registers <paramref name="grain"/> for the next snapshot of <paramref name="job"/>.</summary>
    public void Register(string job, GrainId grain) =>
        _byJob.GetOrAdd(job, static _ => new()).TryAdd(grain, 0);

    /// <summary>Removes a grain that has nothing left to hand over.</summary>
    public void Unregister(string job, GrainId grain)
    {
        if (_byJob.TryGetValue(job, out var grains))
        {
            grains.TryRemove(grain, out _);
        }
    }

    /// <summary>The registered grains of a job, at this moment.</summary>
    public IReadOnlyList<GrainId> Snapshot(string job) =>
        _byJob.TryGetValue(job, out var grains) ? [.. grains.Keys] : [];
}
