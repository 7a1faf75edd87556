using Kickstarter.Connectors.DynamoDB;
using Microsoft.Extensions.Options;

namespace Orleans.Hosting;

/// <summary>Registers the DynamoDB grain storage on a silo.</summary>
public static class DynamoDBGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a DynamoDB grain storage named <paramref name="name"/> (use it with <c>[PersistentState("state",
    /// name)]</c>).</summary>
    public static ISiloBuilder AddDynamoDBGrainStorage(
        this ISiloBuilder builder, string name, Action<DynamoDBStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddDynamoDBGrainStorage(name, configureOptions));

    /// <summary>Adds a DynamoDB grain storage named <paramref name="name"/>, configured through an options builder.</summary>
    public static ISiloBuilder AddDynamoDBGrainStorage(this ISiloBuilder builder, string name,
        Action<OptionsBuilder<DynamoDBStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddDynamoDBGrainStorage(name, configureOptions));

    /// <summary>Adds a DynamoDB grain storage as the silo's default grain storage.</summary>
    public static ISiloBuilder AddDynamoDBGrainStorageAsDefault(
        this ISiloBuilder builder, Action<DynamoDBStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddDynamoDBGrainStorageAsDefault(configureOptions));

    /// <summary>Adds a DynamoDB grain storage as the silo's default grain storage, configured through an options builder.</summary>
    public static ISiloBuilder AddDynamoDBGrainStorageAsDefault(this ISiloBuilder builder,
        Action<OptionsBuilder<DynamoDBStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddDynamoDBGrainStorageAsDefault(configureOptions));
}
