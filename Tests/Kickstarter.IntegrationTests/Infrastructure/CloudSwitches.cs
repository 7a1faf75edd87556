using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// Silo switches for the cloud stand-ins: a warehouse on s3rver (or a proxy in front of it), the DynamoDB catalog and
/// the grain state on dynalite.
/// </summary>
internal static class CloudSwitches
{
    /// <summary>
    /// The warehouse <paramref name="warehouse"/> (<c>s3://bucket/prefix</c>) on the S3-protocol server at <paramref name="serviceUrl"/>.
    /// </summary>
    public static string[] S3Warehouse(string warehouse, string serviceUrl) =>
    [
        "--warehouse", warehouse,
        $"--Iceberg:S3:ServiceUrl={serviceUrl}", "--Iceberg:S3:ForcePathStyle=true", "--Iceberg:S3:ChecksumWhenRequired=true",
        $"--Iceberg:S3:AccessKey={S3rverServer.AccessKey}", $"--Iceberg:S3:SecretKey={S3rverServer.SecretKey}",
    ];

    /// <summary>The DynamoDB Iceberg catalog in table <paramref name="table"/> of the dynalite at <paramref name="serviceUrl"/>.</summary>
    public static string[] DynamoDbCatalog(string serviceUrl, string table) =>
    [
        "--Iceberg:Catalog:Type=DynamoDb", $"--Iceberg:Catalog:DynamoDb:ServiceUrl={serviceUrl}",
        $"--Iceberg:Catalog:DynamoDb:TableName={table}",
        "--Iceberg:Catalog:DynamoDb:AccessKey=test", "--Iceberg:Catalog:DynamoDb:SecretKey=test",
    ];

    /// <summary>Grain state in DynamoDB on the dynalite at <paramref name="serviceUrl"/>, with these (test) credentials.</summary>
    public static string[] DynamoDbStorage(string serviceUrl, string accessKey, string secretKey) =>
    [
        "--Storage:Provider=DynamoDB", $"--Storage:DynamoDB:ServiceUrl={serviceUrl}",
        $"--Storage:DynamoDB:AccessKey={accessKey}", $"--Storage:DynamoDB:SecretKey={secretKey}",
    ];
}
