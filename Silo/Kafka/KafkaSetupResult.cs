using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Connectors.Kafka.SchemaRegistry;

namespace Kickstarter.Silo.Kafka;

/// <summary>What <see cref="KafkaSetup.ConnectAsync"/> connected to or started.</summary>
/// <param name="Connection">The cluster every client of this process uses.</param>
/// <param name="Embedded">The embedded cluster, when started here (owned by the caller).</param>
/// <param name="Registry">The embedded Schema Registry, when started here (owned by the caller).</param>
/// <param name="SchemaRegistry">The registry Avro topics use.</param>
public sealed record KafkaSetupResult(
    KafkaConnection Connection,
    EmbeddedKafkaCluster? Embedded,
    EmbeddedSchemaRegistry? Registry,
    SchemaRegistryEndpoint SchemaRegistry);
