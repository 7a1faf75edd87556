using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Hosting;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kickstarter.Grains.Hosting;

/// <summary>
/// Registers the jobs' warehouse: the file IO chosen by the <c>Iceberg:Warehouse</c> URI's scheme (a local path or
/// file:// gets local files, s3://bucket/prefix gets S3 with the <c>Iceberg:S3:*</c> settings) and the catalog chosen by
/// <c>Iceberg:Catalog:Type</c> (default Hadoop, on the same warehouse).
/// </summary>
internal static class JobWarehouseRegistration
{
    /// <summary>
    /// Adds the file IO, the catalog and the <see cref="JobWarehouse"/> the sink uses. A warehouse no catalog can commit
    /// in (unknown scheme; Hadoop on S3) is refused when the host starts, naming the setting (<see cref="JobsOptionsValidator"/>),
    /// as are the catalog's and S3's own settings; nothing registered here is built before that.
    /// </summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string warehouse)
    {
        var catalogSection = configuration.GetSection(IcebergCatalogOptions.SectionName);
        // The one location every table, manifest and staging file is addressed under: a file:// URI for a local path
        // (a warehouse the validator refuses is kept as given: the host stops before anything uses it).
        var location = WarehouseLocation.Problem(warehouse) is null ? WarehouseLocation.ToLocation(warehouse) : warehouse;
        services.AddIcebergFileIO(configuration.GetSection(S3FileIOOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<FileIOResolver>().Resolve(location));
        services.AddIcebergCatalog(catalogSection);
        // Iceberg:Warehouse is the one warehouse setting; the catalog's own Warehouse property follows it.
        services.PostConfigure<IcebergCatalogOptions>(options => options.Warehouse = location);
        services.AddSingleton(sp => new JobWarehouse(sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<IFileIO>(), location));
    }
}
