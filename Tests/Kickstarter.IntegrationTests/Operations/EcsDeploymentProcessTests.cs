using System.Globalization;
using System.Net;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Jobs;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// A deployment that starts, proven here: the silo executable with exactly the environment the ECS task definition
/// (infra/terraform/aws-ecs) gives it, AWS endpoints replaced by local ones (embedded Kafka, dynalite, redis-server, a
/// warehouse bucket on s3rver), passes start-up and becomes ready.
/// </summary>
public sealed class EcsDeploymentProcessTests(ITestOutputHelper output)
{
    private static string Module => Path.Combine(SiloProcess.RepositoryRoot(), "infra", "terraform", "aws-ecs");

    [Fact]
    public async Task SiloWithTheEcsTaskEnvironmentStartsAndBecomesReady()
    {
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var s3 = await S3rverServer.StartAsync();
        using var kafka = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, 4, 1);
        }

        await using var work = TemporaryDirectory.Create("kickstarter-ecs-");
        var httpPort = FreePort.Next();
        const string table = "kickstarter-ecs-grain-state";
        const string catalogTable = "kickstarter-ecs-iceberg-catalog";
        var environment = EcsTaskEnvironment.Read(Module, new Dictionary<string, string>
        {
            ["var.kafka_bootstrap_servers"] = kafka.BootstrapServers,
            ["aws_dynamodb_table.grain_state.name"] = table,
            ["aws_dynamodb_table.iceberg_catalog.name"] = catalogTable,
            // The task's S3 warehouse (bucket and the module's default prefix) lives on s3rver; its DynamoDB catalog on
            // dynalite (below).
            ["local.warehouse_uri"] = "s3://kickstarter-ecs-warehouse/warehouse",
            ["\"${local.redis_endpoint}:6379,ssl=true,abortConnect=false\""] = redis.ConnectionString,
            ["tostring(var.http_port)"] = httpPort.ToString(CultureInfo.InvariantCulture),
            ["tostring(var.silo_port)"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["tostring(var.gateway_port)"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["local.orleans_service"] = "kickstarter",
        });
        output.WriteLine("ECS silo environment: " + string.Join(", ", environment.Keys.Order(StringComparer.Ordinal)));

        // What the task definition promises, checked on the values the silo gets.
        Assert.Equal("DynamoDB", environment["Storage__Provider"]);
        Assert.Equal("false", environment["Storage__DynamoDB__CreateIfNotExists"]);
        Assert.Equal("Redis", environment["Membership__Provider"]);
        var shutdown = int.Parse(environment["DOTNET_SHUTDOWNTIMEOUTSECONDS"], CultureInfo.InvariantCulture);
        var stop = EcsTaskEnvironment.StopTimeoutSeconds(Module);
        Assert.InRange(shutdown, stop - 10, stop - 1); // the host finishes before ECS's SIGKILL, using nearly all of it
        Assert.DoesNotContain(environment.Keys, key => key.Contains("sasl", StringComparison.OrdinalIgnoreCase));

        // Terraform creates the tables and the bucket (CreateIfNotExists=false): the operator's resources, made here
        // as infra/terraform/aws-ecs/dynamodb.tf and s3.tf make them.
        await OperatorResources.CreateTablesAsync(dynalite, environment["Storage__DynamoDB__Region"], table, catalogTable);
        var warehouse = new Uri(environment["Iceberg__Warehouse"]);
        Assert.Equal("s3", warehouse.Scheme);
        using (var raw = S3IcebergReader.NewS3Client(s3))
        {
            await raw.PutBucketAsync(warehouse.Host);
        }

        // In ECS the endpoints follow from the region and the credentials from the task role; here dynalite and
        // s3rver (which wants path-style requests and no checksum trailers), with keys s3rver accepts.
        environment["Storage__DynamoDB__ServiceUrl"] = dynalite.ServiceUrl;
        environment["Iceberg__Catalog__DynamoDb__ServiceUrl"] = dynalite.ServiceUrl;
        environment["Iceberg__S3__ServiceUrl"] = s3.ServiceUrl;
        environment["Iceberg__S3__ForcePathStyle"] = "true";
        environment["Iceberg__S3__ChecksumWhenRequired"] = "true";
        // The task role's DynamoDB credentials: a secret the silo must never print (checked below).
        environment["Storage__DynamoDB__AccessKey"] = "ecs";
        environment["Storage__DynamoDB__SecretKey"] = "ecs-secret";
        environment["Iceberg__Catalog__DynamoDb__AccessKey"] = "ecs";
        environment["Iceberg__Catalog__DynamoDb__SecretKey"] = "ecs-secret";
        environment["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKey;
        environment["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretKey;
        // ECS's awsvpc gives the task one address; on this machine, loopback (so no traffic leaves it).
        environment["Orleans__AdvertisedIPAddress"] = "127.0.0.1";

        await using var silo = SiloProcess.StartRaw(work.Path, httpPort, environment);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        await Eventually.Until(async () =>
        {
            Assert.False(silo.HasExited, "the silo exited: " + silo.Output);
            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(120), "the ECS-configured silo is ready");
        var body = await http.GetStringAsync("/health/ready");
        Assert.Contains("\"storage\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("DynamoDBGrainStorage", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ecs-secret", silo.Output, StringComparison.Ordinal);
    }
}
