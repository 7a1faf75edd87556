namespace Kickstarter.Silo.Configuration;

/// <summary>Iceberg warehouse (section <c>Iceberg</c>).</summary>
public sealed class IcebergOptions
{
    public const string Section = "Iceberg";

    /// <summary>Root folder of the Hadoop-layout warehouse (<c>--warehouse</c>); default: ./warehouse.</summary>
    public string Warehouse { get; set; } = "warehouse";
}
