using System.Text.RegularExpressions;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// Two silo processes that share no folder: separate working directories, the warehouse on s3rver, the Iceberg catalog
/// and the grain state on dynalite, membership on Redis. Whichever silo prepares an epoch and whichever commits it,
/// the staging and data files are found by URI on S3, and every input row lands exactly once. Records are Avro, on
/// the standalone embedded Kafka and its Schema Registry.
/// </summary>
public sealed partial class CloudMultiSiloProcessTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const string ClusterId = "kickstarter-cloud";
    private const string Bucket = "kickstarter";

    [Fact]
    public async Task TwoSilosWithoutASharedFolderProcessASmallInputExactlyOnceIntoS3()
    {
        var input = FlightInput.Generate(seed: 4242, perAirline: 400, flyers: 30,
            start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), rate: 5);
        await using var s3 = await S3rverServer.StartAsync();
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using (var raw = S3IcebergReader.NewS3Client(s3))
        {
            await raw.PutBucketAsync(Bucket);
        }

        await using var kafka = await StandaloneKafka.StartAsync(Partitions);
        await using var workA = TemporaryDirectory.Create("kickstarter-cloud-a-");
        await using var workB = TemporaryDirectory.Create("kickstarter-cloud-b-");
        await using var download = TemporaryDirectory.Create("kickstarter-cloud-read-");
        string[] Switches() =>
        [
            .. kafka.SiloSwitches, "--apps", "Consolidator,FlyerStats",
            "--Membership:Provider=Redis", $"--Membership:Redis={redis.ConnectionString}",
            $"--Orleans:ClusterId={ClusterId}", $"--Orleans:ServiceId={ClusterId}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            .. CloudSwitches.DynamoDbStorage(dynalite.ServiceUrl, "test", "test"),
            "--Committer:CommitInterval=00:00:01", .. CloudWarehouseProcessTests.CloudSettings(s3, dynalite),
        ];

        await using var siloA = SiloProcess.Start(workA.Path, FreePort.Next(), Switches());
        await using var siloB = SiloProcess.Start(workB.Path, FreePort.Next(), Switches());
        await using var client = await ClusterClient.ConnectAsync(redis.ConnectionString, ClusterId, output);
        var grains = client.Grains;
        await client.WaitForActiveSilosAsync(2, [siloA, siloB]);

        await input.ProduceAsync(kafka.BootstrapServers, TimeSpan.FromSeconds(5), CancellationToken.None, kafka.Serdes);
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, Partitions, TimeSpan.FromMinutes(3));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, Partitions, TimeSpan.FromMinutes(3));

        // Both silos read partitions, so the work (and the epochs' participants) really was split between the hosts.
        foreach (var (silo, name) in new[] { (siloA, "A"), (siloB, "B") })
        {
            var owned = PartitionStarts().Matches(silo.Output).Select(m => m.Groups[1].Value).Distinct().ToList();
            output.WriteLine($"silo {name} read partitions: {string.Join(" ", owned.Order(StringComparer.Ordinal))}");
            Assert.NotEmpty(owned);
        }

        // Drained; now stop both silos before reading, so that no committer is still preparing (empty) epochs and
        // deleting their staging objects between the listing and the download. Reading after every writer stopped is
        // also what proves the tables' final state: nothing can land after the assertions.
        await siloA.KillAsync();
        await siloB.KillAsync();
        var iceberg = await S3IcebergReader.DownloadAsync(s3, dynalite, Bucket, "wh", "kickstarter_iceberg", download.Path);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input, kafka.Serdes);
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input, kafka.Serdes);
        foreach (var work in new[] { workA.Path, workB.Path })
        {
            Assert.False(Directory.Exists(Path.Combine(work, "warehouse")), $"a silo wrote a local warehouse in {work}");
            Assert.False(Directory.Exists(Path.Combine(work, "s3:")), $"a silo took s3:// for a folder in {work}");
        }
    }

    [GeneratedRegex(@"partition (airline\.[a-z_]+/\d+) starts at")]
    private static partial Regex PartitionStarts();
}
