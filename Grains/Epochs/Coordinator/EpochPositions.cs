using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Epochs.Silo;

namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>The committer's arithmetic on source positions: merging barrier reports, and the watermark.</summary>
internal static class EpochPositions
{
    /// <summary>
    /// Positions reported at the barrier; a partition reported twice (its queue moved during the epoch) takes the
    /// furthest one, a partition nobody reported (its queue is between silos) keeps its previous position.
    /// </summary>
    public static List<PartitionCheckpoint> Merge(
        IEnumerable<PartitionCheckpoint> previous, IEnumerable<IEnumerable<PartitionCheckpoint>> reports)
    {
        // Unreported partitions keep their position, but not their "caught up": nobody read them in this epoch.
        var merged = previous.ToDictionary(
            position => (position.Topic, position.Partition),
            position => position with { CaughtUp = false });
        foreach (var position in reports.SelectMany(report => report))
        {
            var key = (position.Topic, position.Partition);
            if (!merged.TryGetValue(key, out var known) || position.NextOffset >= known.NextOffset)
            {
                merged[key] = position;
            }
        }

        return
        [
            .. merged.Values
                .OrderBy(position => position.Topic, StringComparer.Ordinal)
                .ThenBy(position => position.Partition),
        ];
    }

    /// <summary>
    /// Event time up to which every source partition has delivered, never below <paramref name="previousMs"/> (the
    /// watermark of the last prepared epoch): the minimum over partitions of the largest timestamp delivered. A
    /// partition read to its end still holds the watermark at its largest timestamp, because its next record can only
    /// be newer than that (input is in event-time order per partition), not newer than the other partitions; only a
    /// partition that is read to its end and has never delivered a record is left out. So a partition whose event time
    /// runs slower than the others holds the watermark back instead of seeing its records turn late, and outputs
    /// released at the watermark (flights, window results) are in event-time order per partition.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <paramref name="sources"/> are all partitions of the job's source topics (from the topic metadata, as the silos'
    /// stream providers know them). A partition among them with no position at all (no receiver has reported it yet:
    /// on a fresh start its receiver is still fetching its start position, or its silo has not started reading) has
    /// delivered nothing, and may yet deliver records of any event time from its beginning: it holds the watermark
    /// where it is. Leaving it out would let the watermark pass its records before they are read (flights released out
    /// of event-time order, windows fired before their flights arrive).
    /// </para>
    /// <para>
    /// The raw minimum can go down (a partition nobody reported this epoch, its queue between silos, keeps its old
    /// largest timestamp; a partition delivers its first record): the watermark is the running maximum, so what an
    /// epoch released at it is never followed by a smaller watermark.
    /// </para>
    /// </remarks>
    public static long Watermark(
        IReadOnlyCollection<PartitionCheckpoint> positions, IEnumerable<SourcePartition> sources, long previousMs)
    {
        var known = positions.Select(position => new SourcePartition(position.Topic, position.Partition)).ToHashSet();
        if (sources.Any(source => !known.Contains(source)))
        {
            return previousMs;
        }

        var holding = positions.Where(position => !position.CaughtUp || position.MaxTimestampMs >= 0).ToList();
        var raw = holding.Count > 0 ? holding.Min(position => position.MaxTimestampMs) : -1;
        return Math.Max(previousMs, raw);
    }

    /// <summary>Per partition ("topic/partition"), the next offset: what replay guards may forget below.</summary>
    public static Dictionary<string, long> NextOffsets(IEnumerable<PartitionCheckpoint> positions) =>
        positions.ToDictionary(position => $"{position.Topic}/{position.Partition}", position => position.NextOffset);
}
