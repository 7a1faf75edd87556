using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Hosting;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Kickstarter.Grains.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    /// in (unknown scheme; Hadoop on S3) stops here, naming the setting; the catalog's and S3's own settings are
    /// validated when the host starts.
    /// </summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string warehouse)
    {
        var catalogSection = configuration.GetSection(IcebergCatalogOptions.SectionName);
        var catalogType = catalogSection.GetValue(nameof(IcebergCatalogOptions.Type), IcebergCatalogType.Hadoop);
        if ((WarehouseLocation.Problem(warehouse) ?? WarehouseLocation.CatalogProblem(warehouse, catalogType)) is { } problem)
        {
            throw new OptionsValidationException(WarehouseLocation.Setting, typeof(JobsOptions), [problem]);
        }

        // The one location every table, manifest and staging file is addressed under: a file:// URI for a local path.
        var location = WarehouseLocation.ToLocation(warehouse);
        services.AddIcebergFileIO(configuration.GetSection(S3FileIOOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<FileIOResolver>().Resolve(location));
        services.AddIcebergCatalog(catalogSection);
        // Iceberg:Warehouse is the one warehouse setting; the catalog's own Warehouse property follows it.
        services.PostConfigure<IcebergCatalogOptions>(options => options.Warehouse = location);
        services.AddSingleton(sp => new JobWarehouse(sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<IFileIO>(), location));
    }
}
