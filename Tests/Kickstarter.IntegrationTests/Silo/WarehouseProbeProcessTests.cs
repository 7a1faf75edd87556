using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3.Model;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Faults;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Silo executable refuses a warehouse or catalog it cannot use before it starts anything (no Kafka, no Orleans):
/// a bucket that does not exist, a wrong S3 secret, an unreachable DynamoDB catalog, a catalog table that is missing
/// (and may not be created) or has another key schema, an unreachable REST catalog or one whose config answer the
/// specification does not allow. Each ends with exit code 2 and exactly one line naming the
/// setting, never quoting a secret, within seconds (the probe's retries and timeouts are bounded).
/// </summary>
public sealed class WarehouseProbeProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Bucket = "probe";
    private const string CatalogTable = "probe_catalog";
    private const string WrongSecret = "wrong-secret-never-printed-7f3a";
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-probe-");
    private S3rverServer _s3 = null!;
    private DynaliteServer _dynamo = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        _dynamo = await DynaliteServer.StartAsync();
        using var client = S3IcebergReader.NewS3Client(_s3);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _dynamo.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task ABucketThatDoesNotExistStopsStartUpNamingTheWarehouse()
    {
        var line = await RefusedLineAsync(
        [
            .. CloudSwitches.S3Warehouse("s3://no-such-bucket/wh", _s3.ServiceUrl),
            .. CloudSwitches.DynamoDbCatalog(_dynamo.ServiceUrl, CatalogTable),
        ]);
        Assert.StartsWith("Kickstarter cannot start: Iceberg:Warehouse (--warehouse) 's3://no-such-bucket/wh' failed the start-up check", line);
        Assert.Contains("S3 bucket 'no-such-bucket' does not exist", line);
    }

    [Fact]
    public async Task AWrongSecretStopsStartUpWithAccessDeniedNamingTheKeysButNotTheSecret()
    {
        string[] settings =
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            .. CloudSwitches.DynamoDbCatalog(_dynamo.ServiceUrl, CatalogTable),
            $"--Iceberg:S3:SecretKey={WrongSecret}", // after the right one: the last value wins
        ];
        var line = await RefusedLineAsync(settings);
        Assert.StartsWith($"Kickstarter cannot start: Iceberg:Warehouse (--warehouse) 's3://{Bucket}/wh' failed the start-up check", line);
        Assert.Contains("access denied (SignatureDoesNotMatch)", line);
        Assert.Contains("Iceberg:S3:AccessKey / Iceberg:S3:SecretKey", line);
        Assert.DoesNotContain(WrongSecret, line);
    }

    [Fact]
    public async Task AnUnreachableDynamoDbCatalogStopsStartUpNamingItsEndpointAfterTheProbesFewRetries()
    {
        var closed = $"http://127.0.0.1:{FreePort.Next()}"; // nothing listens there: every connection is refused
        var line = await RefusedLineAsync(
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            .. CloudSwitches.DynamoDbCatalog(closed, CatalogTable),
        ]);
        Assert.StartsWith("Kickstarter cannot start: Iceberg:Catalog:DynamoDb failed the start-up check", line);
        Assert.Contains($"did not answer at {closed} (setting Iceberg:Catalog:DynamoDb:ServiceUrl)", line);
        // The probe's bound (2 retries), not the configured default of 5, so an unreachable endpoint fails fast.
        Assert.Contains("DescribeTable failed 3 times (Iceberg:Catalog:DynamoDb:MaxRetries=2)", line);
    }

    [Fact]
    public async Task AMissingCatalogTableThatMayNotBeCreatedStopsStartUpNamingTheTable()
    {
        var line = await RefusedLineAsync(
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            .. CloudSwitches.DynamoDbCatalog(_dynamo.ServiceUrl, "no_such_catalog"),
            "--Iceberg:Catalog:DynamoDb:CreateTableIfNotExists=false",
        ]);
        Assert.StartsWith("Kickstarter cannot start: Iceberg:Catalog:DynamoDb failed the start-up check", line);
        Assert.Contains("DynamoDB catalog table 'no_such_catalog' does not exist", line);
        Assert.Contains("setting Iceberg:Catalog:DynamoDb:TableName", line);
    }

    [Fact]
    public async Task ACatalogTableWithAnotherKeySchemaStopsStartUpNamingTheTable()
    {
        using (var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
                   new AmazonDynamoDBConfig { ServiceURL = _dynamo.ServiceUrl, AuthenticationRegion = "us-east-1" }))
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = "grain_like",
                KeySchema = [new KeySchemaElement("PK", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("PK", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            });
        }

        var line = await RefusedLineAsync(
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            .. CloudSwitches.DynamoDbCatalog(_dynamo.ServiceUrl, "grain_like"),
        ]);
        Assert.StartsWith("Kickstarter cannot start: Iceberg:Catalog:DynamoDb:TableName 'grain_like' is not an Iceberg catalog table", line);
        Assert.Contains("hash 'PK'", line);
    }

    [Fact]
    public async Task AnUnreachableRestCatalogStopsStartUpNamingItsUri()
    {
        var closed = $"http://127.0.0.1:{FreePort.Next()}/catalog";
        var line = await RefusedLineAsync(
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            "--Iceberg:Catalog:Type=Rest", $"--Iceberg:Catalog:Rest:Uri={closed}",
        ]);
        Assert.StartsWith($"Kickstarter cannot start: Iceberg:Catalog:Rest:Uri '{closed}' failed the start-up check", line);
        Assert.Contains("getConfig failed 3 times (Iceberg:Catalog:Rest:MaxRetries=2)", line);
    }

    [Fact]
    public async Task ARestCatalogAnsweringConfigWithABodyTheSpecificationForbidsStopsStartUpNamingItsUri()
    {
        // A "catalog" whose GET /v1/config answer lacks the required "defaults" object (CatalogConfig in the OpenAPI document).
        await using var catalog = await HttpFaultProxy.StartAsync($"http://127.0.0.1:{FreePort.Next()}");
        catalog.Rule = _ => (ProxyVerdict.Fail, new ProxyFault(200, "application/json", "{\"overrides\":{}}"));
        var line = await RefusedLineAsync(
        [
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/wh", _s3.ServiceUrl),
            "--Iceberg:Catalog:Type=Rest", $"--Iceberg:Catalog:Rest:Uri={catalog.Url}",
        ]);
        Assert.StartsWith($"Kickstarter cannot start: Iceberg:Catalog:Rest:Uri '{catalog.Url}' failed the start-up check", line);
        Assert.Contains("with a body the Iceberg REST specification does not allow", line);
        Assert.Contains(catalog.Log, entry => entry.Request.Path.EndsWith("/v1/config", StringComparison.Ordinal));
    }

    /// <summary>Starts the silo, expects exit code 2 within a minute, and returns the one line it printed.</summary>
    private async Task<string> RefusedLineAsync(string[] settings)
    {
        var clock = Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            .. settings,
        ]);
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"exit {exitCode} after {clock.Elapsed.TotalSeconds:0.0} s:{Environment.NewLine}{silo.Output}");
        Assert.Equal(2, exitCode);
        // Nothing else was started, so nothing else was printed: one line says it all.
        return Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
