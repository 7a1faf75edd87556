using System.Collections.Concurrent;

namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>
/// Per-silo registry of the grains that must take part in the next snapshot of a job: touched since their last
/// snapshot, or still owing outputs or window firings. Grains register themselves; the epoch service reads it. It
/// also holds the grains whose state was lost since the job's last rewind (a failed write while deactivating): until
/// a rewind goes back before what they had applied, no epoch of the job may be prepared.
/// </summary>
public sealed class EpochParticipants
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<GrainId, byte>> _byJob = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<GrainId, byte>> _lostByJob = new();

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

    /// <summary>
    /// Records that <paramref name="grain"/> lost records it had applied: its activation ended without a successful
    /// write of them (its next activation reloads an older state whose replay guard has not seen them).
    /// </summary>
    public void ReportLostState(string job, GrainId grain) =>
        _lostByJob.GetOrAdd(job, static _ => new()).TryAdd(grain, 0);

    /// <summary>The grains of a job that lost state since the job's last rewind on this silo.</summary>
    public IReadOnlyList<GrainId> LostStates(string job) =>
        _lostByJob.TryGetValue(job, out var grains) ? [.. grains.Keys] : [];

    /// <summary>
    /// A rewind to the last prepared positions goes back before every record a lost state held: records applied after
    /// the grain's last successful write all came after the last prepared barrier, whose snapshot wrote the grain.
    /// </summary>
    public void ClearLostStates(string job)
    {
        if (_lostByJob.TryGetValue(job, out var grains))
        {
            grains.Clear();
        }
    }
}
