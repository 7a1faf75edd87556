using Kickstarter.Connectors.Iceberg.Options;

namespace Kickstarter.Silo.Configuration;

/// <summary>Iceberg warehouse, catalog and S3 access (section <c>Iceberg</c>).</summary>
public sealed class IcebergOptions
{
    public const string Section = "Iceberg";

    /// <summary>
    /// Root of the warehouse (<c>--warehouse</c>): a local path, file:///path, or s3://bucket/prefix (which needs
    /// <c>Iceberg:Catalog:Type</c> DynamoDb or Rest); default: ./warehouse.
    /// </summary>
    public string Warehouse { get; set; } = "warehouse";

    /// <summary>The catalog (<c>Iceberg:Catalog:*</c>); its Warehouse follows <see cref="Warehouse"/>. default: Hadoop.</summary>
    public IcebergCatalogOptions Catalog { get; set; } = new();

    /// <summary>S3 access for an s3:// warehouse (<c>Iceberg:S3:*</c>); default: AWS S3, default credential chain.</summary>
    public S3FileIOOptions S3 { get; set; } = new();
}
