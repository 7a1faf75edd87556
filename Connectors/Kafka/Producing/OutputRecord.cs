namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>One record of an epoch's output: the partition is derived from <paramref name="Key"/> (murmur2).</summary>
/// <param name="Topic">Destination topic.</param>
/// <param name="Key">Record key; its UTF-8 bytes choose the partition.</param>
/// <param name="Value">Serialized value.</param>
/// <param name="TimestampMs">Record timestamp, milliseconds since the Unix epoch (CreateTime).</param>
public sealed record OutputRecord(string Topic, string Key, byte[] Value, long TimestampMs);
