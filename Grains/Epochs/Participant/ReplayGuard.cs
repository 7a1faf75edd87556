using Kickstarter.Grains.Interfaces.Contracts;

namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>
/// Remembers which source records a grain has applied, so a redelivered record (after a rewind, a retried delivery,
/// or while a partition's queue moves between silos and two receivers briefly deliver it) never counts twice.
/// Persisted with the grain's state.
/// </summary>
/// <remarks>
/// Per partition: a floor below which every record of this grain is known applied (the last prepared epoch's
/// position: all records below it were delivered and snapshotted), and the exact offsets applied at or above it. A
/// single "highest offset" would not do: while a queue moves, an old and a new receiver can deliver the same
/// partition out of order, and a highest-offset guard would drop the older records of the new one.
/// </remarks>
[GenerateSerializer]
public sealed class ReplayGuard
{
    [Id(0)] public Dictionary<string, long> Floors { get; set; } = [];
    [Id(1)] public Dictionary<string, HashSet<long>> Applied { get; set; } = [];

    /// <summary>True (and remembered) when <paramref name="source"/> has not been applied yet.</summary>
    public bool TryAccept(SourceOffset source)
    {
        var key = source.PartitionKey;
        if (Floors.TryGetValue(key, out var floor) && source.Offset < floor)
        {
            return false;
        }

        if (!Applied.TryGetValue(key, out var applied))
        {
            Applied[key] = applied = [];
        }

        return applied.Add(source.Offset);
    }

    /// <summary>
    /// Raises the floors to the last prepared positions and forgets the offsets below them. Needs no write of its
    /// own: a grain that reloads an older guard is still right, it only remembers more.
    /// </summary>
    public void Advance(IReadOnlyDictionary<string, long> preparedNextOffsets)
    {
        foreach (var (key, next) in preparedNextOffsets)
        {
            if (!Applied.TryGetValue(key, out var applied))
            {
                continue; // never saw this partition: nothing to forget, and the floor would only grow the state
            }

            if (!Floors.TryGetValue(key, out var floor) || next > floor)
            {
                Floors[key] = next;
                applied.RemoveWhere(offset => offset < next);
            }
        }
    }
}
