using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Catalog.DynamoDb;
using Kickstarter.Connectors.Iceberg.Catalog.Rest;
using Kickstarter.Connectors.Iceberg.Io;
using Kickstarter.Connectors.Iceberg.Options;
using Microsoft.Extensions.Logging;

namespace Kickstarter.Connectors.Iceberg.Hosting;

/// <summary>Builds the <see cref="ICatalog"/> that <see cref="IcebergCatalogOptions.Type"/> names.</summary>
internal static class IcebergCatalogFactory
{
    /// <summary>
    /// Creates the catalog. <paramref name="io"/> stores metadata (Hadoop, DynamoDb), manifests and data files (all
    /// three): local files on one host, an object store (S3) when hosts share no disk. Options are expected to be
    /// validated already (both <c>IcebergCatalogServiceCollectionExtensions.AddIcebergCatalog</c> overloads do it at
    /// start-up).
    /// </summary>
    public static ICatalog Create(
        IcebergCatalogOptions options, IFileIO io, TableEnvironment? environment = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(io);
        environment ??= TableEnvironment.Default;
        if (loggerFactory is not null)
        {
            environment = environment.WithDefaultLogger(loggerFactory.CreateLogger<Table>());
        }

        return options.Type switch
        {
            IcebergCatalogType.Hadoop => new HadoopCatalog(io, ToLocation(options.Warehouse), environment),
            IcebergCatalogType.DynamoDb => new DynamoDbCatalog(options.DynamoDb, io, ToLocation(options.Warehouse), environment,
                loggerFactory?.CreateLogger<DynamoDbCatalog>()),
            IcebergCatalogType.Rest => new RestCatalog(options.Rest, io, environment, loggerFactory?.CreateLogger<RestCatalog>()),
            _ => throw new ArgumentOutOfRangeException(
                nameof(options), options.Type, "Iceberg:Catalog:Type must be Hadoop, DynamoDb or Rest"),
        };
    }

    /// <summary>A plain path becomes a file:// URI; URIs (file://, s3://) stay as they are.</summary>
    private static string ToLocation(string warehouse) =>
        Uri.TryCreate(warehouse, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1 ? warehouse : LocalFileIO.ToLocation(warehouse);
}
