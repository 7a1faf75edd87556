using Confluent.Kafka;
using Kickstarter.Connectors.Kafka.Streams;

namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>One record placed: partition, id and the Kafka message, identical on every attempt of an epoch.</summary>
internal sealed record PlannedRecord(TopicPartition Destination, KafkaRecordId Id, Message<byte[], byte[]> Message);
