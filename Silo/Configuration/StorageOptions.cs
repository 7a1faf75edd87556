using Kickstarter.Connectors.DynamoDB;

namespace Kickstarter.Silo.Configuration;

/// <summary>Grain state storage (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where grain state lives; default: Memory.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Memory;

    /// <summary>
    /// The DynamoDB grain storage's settings (<c>Storage:DynamoDB:*</c>), used when <see cref="Provider"/> is
    /// DynamoDB; default: the storage's own defaults (table KickstarterGrainState in us-east-1).
    /// </summary>
    public DynamoDBStorageOptions DynamoDB { get; set; } = new();
}
