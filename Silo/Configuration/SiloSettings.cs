using Kickstarter.Silo.Generator;

namespace Kickstarter.Silo.Configuration;

/// <summary>All settings of the silo, bound from configuration (the DynamoDB storage's under
/// <see cref="StorageOptions.DynamoDB"/>).</summary>
public sealed record SiloSettings(
    KickstarterOptions Kickstarter,
    KafkaOptions Kafka,
    IcebergOptions Iceberg,
    HttpOptions Http,
    StorageOptions Storage,
    MembershipOptions Membership,
    OrleansOptions Orleans,
    GeneratorOptions Generator,
    SchemaRegistryOptions SchemaRegistry);
