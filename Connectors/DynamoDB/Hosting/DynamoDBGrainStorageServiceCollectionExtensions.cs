using Kickstarter.Connectors.DynamoDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Hosting;

/// <summary>Registers the DynamoDB grain storage on an <see cref="IServiceCollection"/>.</summary>
public static class DynamoDBGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds a DynamoDB grain storage named <paramref name="name"/>.</summary>
    public static IServiceCollection AddDynamoDBGrainStorage(
        this IServiceCollection services, string name, Action<DynamoDBStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddDynamoDBGrainStorage(name, builder => builder.Configure(configureOptions));
    }

    /// <summary>Adds a DynamoDB grain storage named <paramref name="name"/>, configured through an options builder.</summary>
    public static IServiceCollection AddDynamoDBGrainStorage(this IServiceCollection services, string name,
        Action<OptionsBuilder<DynamoDBStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var options = services.AddOptions<DynamoDBStorageOptions>(name);
        configureOptions?.Invoke(options);
        // Checked when the host starts, before the silo does: one message naming the property, the rule and the value.
        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<DynamoDBStorageOptions>>(new DynamoDBStorageOptionsValidator(name));
        services.ConfigureNamedOptionForLogging<DynamoDBStorageOptions>(name);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<DynamoDBStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<DynamoDBStorageOptions>>());
        return services.AddGrainStorage(name, DynamoDBGrainStorageFactory.Create);
    }

    /// <summary>Adds a DynamoDB grain storage as the default grain storage.</summary>
    public static IServiceCollection AddDynamoDBGrainStorageAsDefault(
        this IServiceCollection services, Action<DynamoDBStorageOptions> configureOptions) =>
        services.AddDynamoDBGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a DynamoDB grain storage as the default grain storage, configured through an options builder.</summary>
    public static IServiceCollection AddDynamoDBGrainStorageAsDefault(this IServiceCollection services,
        Action<OptionsBuilder<DynamoDBStorageOptions>>? configureOptions = null) =>
        services.AddDynamoDBGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
