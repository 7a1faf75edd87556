using Kickstarter.Connectors.DynamoDB;
using Kickstarter.Silo.Generator;

namespace Kickstarter.Silo.Configuration;

/// <summary>All settings of the silo, bound from configuration.</summary>
public sealed record SiloSettings(
    KickstarterOptions Kickstarter,
    KafkaOptions Kafka,
    IcebergOptions Iceberg,
    HttpOptions Http,
    StorageOptions Storage,
    DynamoDBStorageOptions DynamoDB,
    MembershipOptions Membership,
    OrleansOptions Orleans,
    GeneratorOptions Generator,
    SchemaRegistryOptions SchemaRegistry);
