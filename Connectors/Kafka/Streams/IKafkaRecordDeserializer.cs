namespace Kickstarter.Connectors.Kafka.Streams;

/// <summary>
/// Turns a Kafka record into the event object grains receive. Provided by the host, registered as a keyed singleton
/// under the stream provider's name (<c>services.AddKeyedSingleton&lt;IKafkaRecordDeserializer&gt;("kafka", ...)</c>);
/// a non-keyed registration serves providers without a keyed one. Called on the receiver's thread: keep it fast and
/// never throw for bad input, return <see cref="KafkaDeserializeResult.Error"/> instead (an exception is treated the same way).
/// </summary>
public interface IKafkaRecordDeserializer
{
    /// <summary>Deserializes one record.</summary>
    KafkaDeserializeResult Deserialize(in KafkaRecordContext context);
}
