namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>
/// Which catalog the Iceberg tables use and its settings (configuration section <c>Iceberg:Catalog</c>); see
/// <see cref="Hosting.IcebergCatalogFactory"/>. Only the settings of the chosen <see cref="Type"/> are read.
/// </summary>
public sealed class IcebergCatalogOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Iceberg:Catalog";

    /// <summary>The catalog: Hadoop (filesystem), DynamoDb or Rest. default: Hadoop</summary>
    public IcebergCatalogType Type { get; set; } = IcebergCatalogType.Hadoop;

    /// <summary>
    /// Warehouse root location (a path, file:// or s3:// URI). Hadoop: tables live at &lt;warehouse&gt;/&lt;ns parts&gt;/&lt;table&gt;;
    /// DynamoDb: new tables go to &lt;warehouse&gt;/&lt;ns&gt;.db/&lt;table&gt; unless their namespace sets default_location;
    /// Rest: not used (the catalog decides; see <see cref="RestCatalogOptions.Warehouse"/>). default: "warehouse"
    /// </summary>
    public string Warehouse { get; set; } = "warehouse";

    /// <summary>Settings of the DynamoDB catalog (Type = DynamoDb). default: see <see cref="DynamoDbCatalogOptions"/></summary>
    public DynamoDbCatalogOptions DynamoDb { get; set; } = new();

    /// <summary>Settings of the REST catalog client (Type = Rest). default: see <see cref="RestCatalogOptions"/></summary>
    public RestCatalogOptions Rest { get; set; } = new();

    /// <summary>Describes the settings without secrets.</summary>
    public override string ToString() => Type switch
    {
        IcebergCatalogType.DynamoDb => $"IcebergCatalogOptions {{ Type = DynamoDb, Warehouse = {Warehouse}, DynamoDb = {DynamoDb} }}",
        IcebergCatalogType.Rest => $"IcebergCatalogOptions {{ Type = Rest, Rest = {Rest} }}",
        _ => $"IcebergCatalogOptions {{ Type = {Type}, Warehouse = {Warehouse} }}",
    };
}
