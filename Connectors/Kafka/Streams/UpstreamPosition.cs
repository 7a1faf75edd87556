namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>A producer's position in a partition: ordered by epoch, then sequence.</summary>
[GenerateSerializer, Immutable]
public readonly record struct UpstreamPosition(
    [property: Id(0)] long Epoch,
    [property: Id(1)] long Sequence) : IComparable<UpstreamPosition>
{
    /// <inheritdoc />
    public int CompareTo(UpstreamPosition other)
    {
        var byEpoch = Epoch.CompareTo(other.Epoch);
        return byEpoch != 0 ? byEpoch : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(UpstreamPosition left, UpstreamPosition right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(UpstreamPosition left, UpstreamPosition right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is at or after <paramref name="right"/>.</summary>
    public static bool operator >=(UpstreamPosition left, UpstreamPosition right) => left.CompareTo(right) >= 0;

    /// <summary>True when <paramref name="left"/> is at or before <paramref name="right"/>.</summary>
    public static bool operator <=(UpstreamPosition left, UpstreamPosition right) => left.CompareTo(right) <= 0;
}
