using Kickstarter.Connectors.Kafka.Streams;

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
    /// Event time up to which every source partition has delivered: the minimum over partitions still being read of
    /// the largest timestamp delivered. Partitions read to their end are idle and do not hold it back; when all are,
    /// it is the largest timestamp seen.
    /// </summary>
    public static long Watermark(IReadOnlyCollection<PartitionCheckpoint> positions)
    {
        var busy = positions.Where(position => !position.CaughtUp).ToList();
        if (busy.Count > 0)
        {
            return busy.Min(position => position.MaxTimestampMs);
        }

        return positions.Count == 0 ? -1 : positions.Max(position => position.MaxTimestampMs);
    }

    /// <summary>Per partition ("topic/partition"), the next offset: what replay guards may forget below.</summary>
    public static Dictionary<string, long> NextOffsets(IEnumerable<PartitionCheckpoint> positions) =>
        positions.ToDictionary(position => $"{position.Topic}/{position.Partition}", position => position.NextOffset);
}
