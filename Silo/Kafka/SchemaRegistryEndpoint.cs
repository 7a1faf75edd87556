namespace Kickstarter.Silo.Kafka;

/// <summary>The Schema Registry this process uses, or none when every topic is JSON.</summary>
/// <param name="Url">Base URL; empty when no topic is Avro.</param>
/// <param name="IsEmbedded">True when it is the registry this process started beside the embedded Kafka cluster.</param>
public sealed record SchemaRegistryEndpoint(string Url, bool IsEmbedded);
