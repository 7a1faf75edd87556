using Kickstarter.Connectors.Iceberg.Catalog;
using Kickstarter.Connectors.Iceberg.Io;

namespace Kickstarter.Grains.Sinks;

/// <summary>
/// Where the jobs' tables and staging files live: the catalog that commits the tables, the file IO of the warehouse
/// (local files or S3, by the warehouse URI's scheme) and the warehouse's location as a URI (file:///... or s3://...).
/// Everything the exactly-once protocol finds again after a crash is addressed by URI under this location, so a
/// committer on another host reads the same files.
/// </summary>
internal sealed class JobWarehouse(ICatalog catalog, IFileIO io, string location)
{
    /// <summary>The catalog of the jobs' tables.</summary>
    public ICatalog Catalog { get; } = catalog;

    /// <summary>The file IO of the warehouse: data files, manifests, metadata (Hadoop catalog) and staging files.</summary>
    public IFileIO Io { get; } = io;

    /// <summary>The warehouse root as a URI, without a trailing slash.</summary>
    public string Location { get; } = location.TrimEnd('/');

    /// <summary>Today's single-host default: the Hadoop catalog on local files under <paramref name="warehouse"/>.</summary>
    public static JobWarehouse Local(string warehouse)
    {
        var io = new LocalFileIO();
        var location = WarehouseLocation.ToLocation(warehouse);
        return new JobWarehouse(new HadoopCatalog(io, location), io, location);
    }
}
