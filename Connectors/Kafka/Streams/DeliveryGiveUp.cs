namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Orleans gave up delivering a container of one partition (its delivery kept failing for
/// <c>MaxEventDeliveryTime</c>): the records from <see cref="FirstOffset"/> on, in that container, were not applied,
/// yet the partition's position has moved past them.
/// </summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="FirstOffset">First offset of the earliest container given up since the last rewind.</param>
/// <param name="Count">Containers given up on this partition since the last rewind.</param>
public sealed record DeliveryGiveUp(string Topic, int Partition, long FirstOffset, int Count)
{
    public override string ToString() => $"{Topic}/{Partition} from offset {FirstOffset} ({Count} containers)";
}
