namespace Kickstarter.Grains.Jobs;

/// <summary>A Kafka topic a job output is also produced to, with the record key and value of each row.</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="Name">Topic name.</param>
/// <param name="Key">Record key of a row (it chooses the partition).</param>
/// <param name="Value">Serialized value of a row.</param>
public sealed record OutputTopic<T>(string Name, Func<T, string> Key, Func<T, byte[]> Value);
