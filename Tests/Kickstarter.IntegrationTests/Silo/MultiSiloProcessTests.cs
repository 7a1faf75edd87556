using System.Globalization;
using System.Text.RegularExpressions;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// Several processes of the real Silo executable form one Orleans cluster through Redis membership, the way the
/// shipped deployments run it: two started with the documented switches, and a third with exactly the environment
/// that <c>infra/k8s</c> gives a silo pod (read from the manifests; only endpoints replaced by local ones). Each
/// process has its own working directory; they share dynalite (grain state), the Kafka cluster and, until the
/// warehouse moves to S3, the warehouse folder.
/// </summary>
public sealed partial class MultiSiloProcessTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const string ClusterId = "kickstarter"; // what infra/k8s's pod labels say

    [Fact]
    public async Task SiloProcessesWithRedisMembershipFormOneClusterAndAKubernetesConfiguredSiloJoinsIt()
    {
        var input = FlightInput.Generate(seed: 5151, perAirline: 2000, flyers: 50, start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), rate: 5);
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using var kafka = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, Partitions, 1);
        }

        await using var warehouse = TemporaryDirectory.Create("kickstarter-multi-");
        await using var workA = TemporaryDirectory.Create("kickstarter-silo-a-");
        await using var workB = TemporaryDirectory.Create("kickstarter-silo-b-");
        await using var workK8s = TemporaryDirectory.Create("kickstarter-silo-k8s-");

        string[] Switches() =>
        [
            $"--Kafka:BootstrapServers={kafka.BootstrapServers}", "--Kafka:Format=Json", "--apps", "Consolidator,FlyerStats",
            "--Membership:Provider=Redis", $"--Membership:Redis={redis.ConnectionString}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Storage:Provider=DynamoDB", $"--Storage:DynamoDB:ServiceUrl={dynalite.ServiceUrl}",
            "--Storage:DynamoDB:AccessKey=multi", "--Storage:DynamoDB:SecretKey=multi-secret",
            "--warehouse", warehouse.Path, "--Committer:CommitInterval=00:00:01",
        ];

        await using var siloA = SiloProcess.Start(workA.Path, FreePort.Next(), Switches());
        await using var siloB = SiloProcess.Start(workB.Path, FreePort.Next(), Switches());
        await using var client = await ClusterClient.ConnectAsync(redis.ConnectionString, ClusterId, output);
        await client.WaitForActiveSilosAsync(2, [siloA, siloB]);

        await input.ProduceAsync(kafka.BootstrapServers, TimeSpan.FromSeconds(10), CancellationToken.None);
        var grains = client.Grains;
        await DrainAsync(grains);
        var iceberg = new IndependentIcebergReader(warehouse.Path);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input);
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input);
        await PipelineAssertions.FlyerGrainsAgreeWithAnIndependentRecountAsync(grains, input);

        // The third silo: exactly the environment of an infra/k8s silo pod, endpoints replaced by local ones.
        var k8s = KubernetesEnvironment.OfSiloPod(Path.Combine(SiloProcess.RepositoryRoot(), "infra", "k8s"), "kickstarter-silo-0", "127.0.0.1");
        output.WriteLine("infra/k8s silo environment: " + string.Join(", ", k8s.Keys.Order(StringComparer.Ordinal)));
        var k8sPort = FreePort.Next();
        ReplaceEndpoint(k8s, "Kafka__BootstrapServers", kafka.BootstrapServers);
        ReplaceEndpoint(k8s, "Membership__Redis", redis.ConnectionString);
        ReplaceEndpoint(k8s, "Iceberg__Warehouse", warehouse.Path);
        ReplaceEndpoint(k8s, "Http__Port", k8sPort.ToString(CultureInfo.InvariantCulture));
        ReplaceEndpoint(k8s, "Http__BindAddress", "127.0.0.1");
        ReplaceEndpoint(k8s, "Orleans__SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        ReplaceEndpoint(k8s, "Orleans__GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        // On EKS the DynamoDB endpoint and credentials come from the region and the pod's IAM role; here from dynalite.
        k8s["Storage__DynamoDB__ServiceUrl"] = dynalite.ServiceUrl;
        k8s["AWS_ACCESS_KEY_ID"] = "multi";
        k8s["AWS_SECRET_ACCESS_KEY"] = "multi-secret";
        Assert.Equal("Redis", k8s["Membership__Provider"]);
        Assert.Equal("Consolidator,FlyerStats", k8s["Kickstarter__Apps"]);
        Assert.Equal(ClusterId, k8s["Orleans__ClusterId"]);

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

        // Exactly once across the join, read back with every silo stopped: no row again, none missing, nothing new. (A
        // joining silo that ignored infra/k8s's Kickstarter__Apps ran the Generator and added bookings to the input.)
        Assert.All(silos, s => Assert.DoesNotContain("Generator: seed", s.Output, StringComparison.Ordinal));
        iceberg = new IndependentIcebergReader(warehouse.Path);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input);
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input);
        Assert.All(silos, s => Assert.DoesNotContain("multi-secret", s.Output, StringComparison.Ordinal));
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

    [GeneratedRegex(@"partition (airline\.[a-z_]+/\d+) starts at")]
    private static partial Regex PartitionStarts();
}
