using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kickstarter.Connectors.Iceberg.Hosting;

/// <summary>Registers the configured Iceberg catalog on an <see cref="IServiceCollection"/>.</summary>
public static class IcebergCatalogServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IcebergCatalogOptions"/> to <paramref name="configSectionPath"/>, validates them at start-up,
    /// and registers <see cref="ICatalog"/> as a singleton built by <see cref="IcebergCatalogFactory"/> on the
    /// registered <see cref="IFileIO"/> (<see cref="LocalFileIO"/> unless one is registered).
    /// </summary>
    public static IServiceCollection AddIcebergCatalog(
        this IServiceCollection services, string configSectionPath = IcebergCatalogOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IcebergCatalogOptions>().BindConfiguration(configSectionPath).ValidateOnStart();
        return AddCatalog(services);
    }

    /// <summary>
    /// As <see cref="AddIcebergCatalog(IServiceCollection, string)"/>, with the options bound from
    /// <paramref name="section"/> (an <c>Iceberg:Catalog</c> section of a configuration the host's own does not hold).
    /// </summary>
    public static IServiceCollection AddIcebergCatalog(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<IcebergCatalogOptions>().Bind(section).ValidateOnStart();
        return AddCatalog(services);
    }

    private static IServiceCollection AddCatalog(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IcebergCatalogOptions>, IcebergCatalogOptionsValidator>());
        services.TryAddSingleton<IFileIO, LocalFileIO>();
        services.TryAddSingleton(sp => IcebergCatalogFactory.Create(
            sp.GetRequiredService<IOptions<IcebergCatalogOptions>>().Value,
            sp.GetRequiredService<IFileIO>(),
            sp.GetService<TableEnvironment>(),
            sp.GetService<ILoggerFactory>()));
        return services;
    }
}
