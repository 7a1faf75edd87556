using System.Globalization;
using System.Text.RegularExpressions;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// Several processes of the real Silo executable form one Orleans cluster through Redis membership, the way the
/// shipped deployments run it: two started with the documented switches, and a third with exactly the environment
/// that <c>infra/k8s</c> gives a silo pod (read from the manifests and the Secrets created as infra/k8s/README.md
/// says; only what cannot exist here replaced: endpoints, ports, TLS and the IAM role). Each process has its own
/// working directory; they share no folder: the warehouse is on s3rver, the Iceberg catalog and the grain state on
/// dynalite, in the bucket and tables the manifests name.
/// </summary>
public sealed partial class MultiSiloProcessTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const string ClusterId = "kickstarter"; // what infra/k8s's pod labels say
    private const string SaslPassword = "k8s-sasl-password-Qz81";

    [Fact]
    public async Task SiloProcessesWithRedisMembershipFormOneClusterAndAKubernetesConfiguredSiloJoinsIt()
    {
        var input = FlightInput.Generate(seed: 5151, perAirline: 2000, flyers: 50, start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), rate: 5);
        await using var s3 = await S3rverServer.StartAsync();
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using var kafka = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, Partitions, 1);
        }

        // The Secrets, as `kubectl create secret` of infra/k8s/README.md makes them; the pod's environment from the manifests.
        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["kickstarter-kafka"] = new Dictionary<string, string> { ["sasl-username"] = "K8SAPIKEY", ["sasl-password"] = SaslPassword },
            ["kickstarter-redis"] = new Dictionary<string, string> { ["connection-string"] = redis.ConnectionString },
        };
        var k8sFolder = Path.Combine(SiloProcess.RepositoryRoot(), "infra", "k8s");
        var k8s = KubernetesEnvironment.OfSiloPod(k8sFolder, "kickstarter-silo-0", "127.0.0.1", secrets);
        output.WriteLine("infra/k8s silo environment: " + string.Join(", ", k8s.Keys.Order(StringComparer.Ordinal)));
        // Without the Secrets the pod does not start (optional: false), naming what is missing.
        var missing = Assert.Throws<InvalidOperationException>(() => KubernetesEnvironment.OfSiloPod(
            k8sFolder, "kickstarter-silo-1", "127.0.0.1", new Dictionary<string, IReadOnlyDictionary<string, string>>()));
        Assert.Contains("secret kickstarter-", missing.Message, StringComparison.Ordinal);

        // What the manifests promise, checked on the values the silo gets; the names below are the file's.
        Assert.Equal("Redis", k8s["Membership__Provider"]);
        Assert.Equal("Consolidator,FlyerStats", k8s["Kickstarter__Jobs"]);
        Assert.Equal(ClusterId, k8s["Orleans__ClusterId"]);
        Assert.Equal("DynamoDb", k8s["Iceberg__Catalog__Type"]);
        Assert.Equal(SaslPassword, k8s["Kafka__Properties__sasl.password"]);
        var warehouse = new Uri(k8s["Iceberg__Warehouse"]);
        Assert.Equal("s3", warehouse.Scheme);
        var bucket = warehouse.Host;
        var prefix = warehouse.AbsolutePath.Trim('/');
        var stateTable = k8s["Storage__DynamoDB__TableName"];
        var catalogTable = k8s["Iceberg__Catalog__DynamoDb__TableName"];

        // The silos do not create tables or buckets (CreateIfNotExists=false): the operator does, as the README says.
        Assert.Equal("false", k8s["Storage__DynamoDB__CreateIfNotExists"]);
        Assert.Equal("false", k8s["Iceberg__Catalog__DynamoDb__CreateTableIfNotExists"]);
        await OperatorResources.CreateTablesAsync(dynalite, k8s["Storage__DynamoDB__Region"], stateTable, catalogTable);
        using (var raw = S3IcebergReader.NewS3Client(s3))
        {
            await raw.PutBucketAsync(bucket);
        }

        await using var workA = TemporaryDirectory.Create("kickstarter-silo-a-");
        await using var workB = TemporaryDirectory.Create("kickstarter-silo-b-");
        await using var workK8s = TemporaryDirectory.Create("kickstarter-silo-k8s-");
        await using var download = TemporaryDirectory.Create("kickstarter-multi-read-");

        string[] Switches() =>
        [
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}", "--Kafka:Format=Json", "--jobs", "Consolidator,FlyerStats",
            "--Membership:Provider=Redis", $"--Membership:Redis={redis.ConnectionString}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Storage:Provider=DynamoDB", $"--Storage:DynamoDB:ServiceUrl={dynalite.ServiceUrl}", $"--Storage:DynamoDB:TableName={stateTable}",
            "--Storage:DynamoDB:AccessKey=multi", "--Storage:DynamoDB:SecretKey=multi-secret",
            "--warehouse", warehouse.ToString(),
            $"--Iceberg:S3:ServiceUrl={s3.ServiceUrl}", "--Iceberg:S3:ForcePathStyle=true", "--Iceberg:S3:ChecksumWhenRequired=true",
            $"--Iceberg:S3:AccessKey={S3rverServer.AccessKey}", $"--Iceberg:S3:SecretKey={S3rverServer.SecretKey}",
            "--Iceberg:Catalog:Type=DynamoDb", $"--Iceberg:Catalog:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
            $"--Iceberg:Catalog:DynamoDb:TableName={catalogTable}", "--Iceberg:Catalog:DynamoDb:CreateTableIfNotExists=false",
            "--Iceberg:Catalog:DynamoDb:AccessKey=multi", "--Iceberg:Catalog:DynamoDb:SecretKey=multi-secret",
            "--Committer:CommitInterval=00:00:01",
        ];

        await using var siloA = SiloProcess.Start(workA.Path, FreePort.Next(), Switches());
        await using var siloB = SiloProcess.Start(workB.Path, FreePort.Next(), Switches());
        await using var client = await ClusterClient.ConnectAsync(redis.ConnectionString, ClusterId, output);
        await client.WaitForActiveSilosAsync(2, [siloA, siloB]);

        await input.ProduceAsync(kafka.BootstrapServers, TimeSpan.FromSeconds(10), CancellationToken.None);
        var grains = client.Grains;
        await DrainAsync(grains);
        // The tables are read once every silo has stopped (a running committer deletes staging objects while a
        // download lists them); what can be checked while they run is checked now.
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input);
        await PipelineAssertions.FlyerGrainsAgreeWithAnIndependentRecountAsync(grains, input);

        // The third silo: the infra/k8s pod's environment. Replaced only what cannot exist on this machine.
        var k8sPort = FreePort.Next();
        ReplaceEndpoint(k8s, "Kafka__BootstrapServers", kafka.BootstrapServers);
        // The embedded cluster has neither TLS nor SASL: the pair stays configured, librdkafka does not send it.
        Assert.Equal("SASL_SSL", k8s["Kafka__Properties__security.protocol"]);
        ReplaceEndpoint(k8s, "Kafka__Properties__security.protocol", "PLAINTEXT");
        ReplaceEndpoint(k8s, "Http__Port", k8sPort.ToString(CultureInfo.InvariantCulture));
        ReplaceEndpoint(k8s, "Http__BindAddress", "127.0.0.1");
        ReplaceEndpoint(k8s, "Orleans__SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        ReplaceEndpoint(k8s, "Orleans__GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        // On EKS the endpoints follow from the regions and the credentials from the ServiceAccount's IAM role; here
        // dynalite and s3rver (which wants path-style requests and no checksum trailers), and keys s3rver accepts.
        AddEndpoint(k8s, "Storage__DynamoDB__ServiceUrl", dynalite.ServiceUrl);
        AddEndpoint(k8s, "Iceberg__Catalog__DynamoDb__ServiceUrl", dynalite.ServiceUrl);
        AddEndpoint(k8s, "Iceberg__S3__ServiceUrl", s3.ServiceUrl);
        AddEndpoint(k8s, "Iceberg__S3__ForcePathStyle", "true");
        AddEndpoint(k8s, "Iceberg__S3__ChecksumWhenRequired", "true");
        AddEndpoint(k8s, "AWS_ACCESS_KEY_ID", S3rverServer.AccessKey);
        AddEndpoint(k8s, "AWS_SECRET_ACCESS_KEY", S3rverServer.SecretKey);

        await using var siloK8s = SiloProcess.StartRaw(workK8s.Path, k8sPort, k8s);
        var silos = new[] { siloA, siloB, siloK8s };
        await client.WaitForActiveSilosAsync(3, silos);
        // Orleans hands the joining silo some of the partitions; the job goes on from its last prepared positions.
        await Eventually.Until(() => PartitionStarts().IsMatch(siloK8s.Output), TimeSpan.FromSeconds(60), "the joining silo reads a partition");
        await DrainAsync(grains);
        // Every process read Kafka partitions: Orleans split the queues between them.
        foreach (var (silo, name) in silos.Zip(["A", "B", "k8s"]))
        {
            var owned = PartitionStarts().Matches(silo.Output).Select(m => m.Groups[1].Value).Distinct().ToList();
            output.WriteLine($"silo {name} read partitions: {string.Join(" ", owned.Order(StringComparer.Ordinal))}");
            Assert.NotEmpty(owned);
        }

        foreach (var (silo, name) in silos.Zip(["a", "b", "k8s"]))
        {
            await silo.KillAsync();
            var log = Path.Combine(AppContext.BaseDirectory, $"multi-silo-{name}.log");
            await File.WriteAllTextAsync(log, silo.Output);
            output.WriteLine($"silo {name} log: {log}");
        }

        // Exactly once across the join, read back from S3 through the catalog with every silo stopped: no row again,
        // none missing, nothing new. (A joining silo that ignored infra/k8s's Kickstarter__Jobs ran the Generator and
        // added bookings to the input.)
        Assert.All(silos, s => Assert.DoesNotContain("Generator: seed", s.Output, StringComparison.Ordinal));
        var iceberg = await S3IcebergReader.DownloadAsync(s3, dynalite, bucket, prefix, catalogTable, download.Path);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input);
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input);
        foreach (var work in new[] { workA.Path, workB.Path, workK8s.Path })
        {
            Assert.False(Directory.Exists(Path.Combine(work, "warehouse")), $"a silo wrote a local warehouse in {work}");
            Assert.False(Directory.Exists(Path.Combine(work, "s3:")), $"a silo took s3:// for a folder in {work}");
        }

        Assert.All(silos, s => Assert.DoesNotContain("multi-secret", s.Output, StringComparison.Ordinal));
        Assert.DoesNotContain(SaslPassword, siloK8s.Output, StringComparison.Ordinal);
        Assert.Contains("sasl.password=***", siloK8s.Output, StringComparison.Ordinal); // it was configured, and redacted
    }

    private static async Task DrainAsync(IGrainFactory grains)
    {
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, Partitions, TimeSpan.FromMinutes(3));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, Partitions, TimeSpan.FromMinutes(3));
    }

    private static void ReplaceEndpoint(Dictionary<string, string> environment, string key, string value)
    {
        Assert.True(environment.ContainsKey(key), $"infra/k8s no longer sets {key}; update the test's endpoint list");
        environment[key] = value;
    }

    /// <summary>Adds what a pod on AWS does without (a local endpoint); the manifests must not set it themselves.</summary>
    private static void AddEndpoint(Dictionary<string, string> environment, string key, string value)
    {
        Assert.False(environment.ContainsKey(key), $"infra/k8s sets {key}; the test would override the file's value");
        environment[key] = value;
    }

    [GeneratedRegex(@"partition (airline\.[a-z_]+/\d+) starts at")]
    private static partial Regex PartitionStarts();
}
