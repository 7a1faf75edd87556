namespace Kickstarter.Connectors.Iceberg.Options;

/// <summary>Which catalog keeps the pointer to each table's current metadata file.</summary>
public enum IcebergCatalogType
{
    /// <summary>Filesystem layout (v&lt;N&gt;.metadata.json created exclusively); needs a filesystem with atomic link, so one host or a
    /// shared POSIX volume.</summary>
    Hadoop,

    /// <summary>Apache Iceberg's DynamoDB catalog layout: conditional writes on a DynamoDB item per table.</summary>
    DynamoDb,

    /// <summary>An Iceberg REST catalog (AWS Glue, S3 Tables, Snowflake Open Catalog, Apache Polaris, ...).</summary>
    Rest,
}
