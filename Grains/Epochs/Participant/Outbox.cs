using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Epochs;

namespace Kickstarter.Grains.Epochs.Participant;

/// <summary>
/// Outputs a grain owes the sinks, persisted with its state. An entry is handed to the committer in an epoch and
/// forgotten only once that epoch is known to be prepared; an entry handed in an abandoned epoch is handed again.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
[GenerateSerializer]
public sealed class Outbox<T>
{
    [Id(0)] public List<OutboxEntry<T>> Entries { get; set; } = [];

    /// <summary>Number of rows owed.</summary>
    public int Count => Entries.Count;

    /// <summary>Adds a row with the event time it carries.</summary>
    public void Add(long timestampMs, T row) => Entries.Add(new OutboxEntry<T> { TimestampMs = timestampMs, Row = row });

    /// <summary>
    /// Forgets rows handed in prepared epochs, then hands (and tags with the epoch) every row whose event time is at
    /// or below <paramref name="releaseUpToMs"/>, in the order they were added.
    /// </summary>
    /// <returns>The rows handed in this epoch, and whether the outbox changed (so the state needs a write).</returns>
    public (List<Timed<T>> Handed, bool Changed) Take(SnapshotRequest request, long releaseUpToMs)
    {
        var removed = Entries.RemoveAll(entry => request.Ledger.IsPrepared(entry.HandedEpoch));
        var handed = new List<Timed<T>>();
        foreach (var entry in Entries)
        {
            if (entry.HandedEpoch != 0 || entry.TimestampMs <= releaseUpToMs)
            {
                entry.HandedEpoch = request.Epoch;
                handed.Add(new Timed<T>(entry.TimestampMs, entry.Row));
            }
        }

        return (handed, removed > 0 || handed.Count > 0);
    }
}
