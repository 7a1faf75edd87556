using Avro;
using Avro.Generic;

namespace Kickstarter.Grains.Serialization;

/// <summary>One record type in both formats: its JSON and its Avro schema and mapping to and from a generic record.</summary>
/// <typeparam name="T">The data contract.</typeparam>
public sealed class RecordCodec<T>
    where T : class
{
    /// <summary>The Avro schema (from the repository's <c>.avsc</c>): the writer's schema, and the reader's.</summary>
    public required RecordSchema Schema { get; init; }

    /// <summary>UTF-8 JSON of a value.</summary>
    public required Func<T, byte[]> ToJson { get; init; }

    /// <summary>A value from UTF-8 JSON (throws <see cref="System.Text.Json.JsonException"/> when malformed).</summary>
    public required Func<ReadOnlyMemory<byte>, T?> FromJson { get; init; }

    /// <summary>A generic record of <see cref="Schema"/> holding the value.</summary>
    public required Func<T, GenericRecord> ToAvro { get; init; }

    /// <summary>The value of a generic record that resolves against <see cref="Schema"/>.</summary>
    public required Func<GenericRecord, T> FromAvro { get; init; }
}
