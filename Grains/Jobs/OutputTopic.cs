using Kickstarter.Grains.Serialization;

namespace Kickstarter.Grains.Jobs;

/// <summary>A Kafka topic a job output is also produced to, with the record key and the value codec of each row.</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="Name">Topic name.</param>
/// <param name="Key">Record key of a row (it chooses the partition).</param>
/// <param name="Codec">The row's Avro schema and JSON; the topic's format (<see cref="PipelineSerdes"/>) picks one.</param>
public sealed record OutputTopic<T>(string Name, Func<T, string> Key, RecordCodec<T> Codec)
    where T : class;
