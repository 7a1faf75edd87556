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

    /// <summary>
    /// Rows the last <see cref="Take"/> found still tagged with an abandoned epoch below the ledger's previous prepared
    /// one: the grain missed epochs after a crash (nobody woke it). Not persisted; for diagnostics.
    /// </summary>
    public int LastTakeFoundMissedEpochs => _lastTakeFoundMissedEpochs;

    [NonSerialized] private int _lastTakeFoundMissedEpochs;

    /// <summary>Adds a row with the event time it carries.</summary>
    public void Add(long timestampMs, T row) => Entries.Add(new OutboxEntry<T> { TimestampMs = timestampMs, Row = row });

    /// <summary>
    /// Forgets rows handed in prepared epochs, then hands (and tags with the epoch) every row whose event time is at
    /// or below <paramref name="releaseUpToMs"/>, in the order they were added.
    /// </summary>
    /// <remarks>
    /// A row still tagged here was handed in an abandoned epoch (every earlier epoch is prepared or abandoned by the
    /// time this one is snapshotted), and that handing is void: the row goes out under the same rule as a row never
    /// handed. Handing it again regardless would release it at the abandoned epoch's watermark, which the job does not
    /// keep: after a rewind the watermark restarts at the last prepared epoch's, so a grain whose abandoned snapshot
    /// was stored (its silo then died) would put rows ahead of other grains' rows of older event time that the
    /// replay releases later, out of event-time order (on <c>airline.flight</c> that turns flights late downstream).
    /// </remarks>
    /// <returns>The rows handed in this epoch, and whether the outbox changed (so the state needs a write).</returns>
    public (List<Timed<T>> Handed, bool Changed) Take(SnapshotRequest request, long releaseUpToMs)
    {
        var removed = Entries.RemoveAll(entry => request.Ledger.IsPrepared(entry.HandedEpoch));
        _lastTakeFoundMissedEpochs = Entries.Count(entry => entry.HandedEpoch != 0 && entry.HandedEpoch <= request.Ledger.PreviousPrepared);
        var handed = new List<Timed<T>>();
        var withdrawn = false;
        foreach (var entry in Entries)
        {
            if (entry.TimestampMs <= releaseUpToMs)
            {
                entry.HandedEpoch = request.Epoch;
                handed.Add(new Timed<T>(entry.TimestampMs, entry.Row));
            }
            else if (entry.HandedEpoch != 0)
            {
                entry.HandedEpoch = 0; // handed in an abandoned epoch at a watermark this one has not reached
                withdrawn = true;
            }
        }

        return (handed, removed > 0 || handed.Count > 0 || withdrawn);
    }
}
