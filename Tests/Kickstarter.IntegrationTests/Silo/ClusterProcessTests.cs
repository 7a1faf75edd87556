using System.Text.RegularExpressions;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The cluster as it runs in the cloud, every part its own process: three Silo processes with Redis membership, each
/// in its own working directory, grain state in DynamoDB (dynalite), the warehouse on S3 (s3rver) with the DynamoDB
/// Iceberg catalog, the standalone embedded Kafka with its Schema Registry (records in Avro). While the input is being
/// processed the silo hosting the consolidator's committer is SIGKILLed and a fourth silo joins; after a drain every
/// silo is killed and the tables, read back from S3 by an independent reader, and the topics must hold every input
/// row once: nothing lost, nothing doubled, no epoch committed twice to a table or to Kafka.
/// </summary>
public sealed partial class ClusterProcessTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const string ClusterId = "kickstarter-cluster";
    private const string Bucket = "kickstarter";
    private static readonly string[] SiloNames = ["a", "b", "c", "d"];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Log(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {message}");

    [Fact]
    public async Task ThreeSilosOnS3LoseNothingAndDoubleNothingWhenOneIsKilledAndAnotherJoins()
    {
        var input = FlightInput.Generate(seed: 6161, perAirline: 1000, flyers: 40,
            start: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), rate: 5);
        await using var s3 = await S3rverServer.StartAsync();
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using (var raw = S3IcebergReader.NewS3Client(s3))
        {
            await raw.PutBucketAsync(Bucket);
        }

        await using var kafka = await StandaloneKafka.StartAsync(Partitions);
        var bootstrap = kafka.BootstrapServers;
        Log($"services up; Kafka {bootstrap}, Schema Registry {kafka.SchemaRegistryUrl}");

        var work = SiloNames
            .ToDictionary(name => name, name => TemporaryDirectory.Create($"kickstarter-cluster-{name}-"));
        await using var download = TemporaryDirectory.Create("kickstarter-cluster-read-");
        var silos = new Dictionary<string, (SiloProcess Process, int SiloPort)>();
        var victim = "b";
        try
        {
            (SiloProcess, int) StartSilo(string name)
            {
                var siloPort = FreePort.Next();
                var process = SiloProcess.Start(work[name].Path, FreePort.Next(),
                [
                    .. kafka.SiloSwitches, $"--Kafka:Partitions={Partitions}", "--apps", "Consolidator,FlyerStats",
                    "--Membership:Provider=Redis", $"--Membership:Redis={redis.ConnectionString}",
                    $"--Orleans:ClusterId={ClusterId}", $"--Orleans:ServiceId={ClusterId}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
                    $"--Orleans:SiloPort={siloPort}", $"--Orleans:GatewayPort={FreePort.Next()}",
                    .. CloudSwitches.DynamoDbStorage(dynalite.ServiceUrl, "test", "cluster-secret"),
                    "--Committer:CommitInterval=00:00:01", KafkaEpochCommit.DebugLoggingSwitch,
                    .. CloudWarehouseProcessTests.CloudSettings(s3, dynalite),
                ]);
                silos[name] = (process, siloPort);
                return (process, siloPort);
            }

            foreach (var name in new[] { "a", "b", "c" })
            {
                StartSilo(name);
            }

            await using var client = await ClusterClient.ConnectAsync(redis.ConnectionString, ClusterId, output);
            await client.WaitForActiveSilosAsync([.. silos.Values.Select(s => s.SiloPort)], [.. silos.Values.Select(s => s.Process)]);
            Log("three silos active");

            // Half the input before the kill, the rest once the new silo is started: the kill and the join happen while
            // records flow, however slow the machine.
            var joinStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var feeding = input.ProduceInTwoPartsAsync(
                bootstrap, 0.5, TimeSpan.FromSeconds(12), joinStarted.Task, CancellationToken.None, kafka.Serdes);
            var consolidator = client.Grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);
            await Eventually.Until(async () => (await consolidator.GetStatusAsync()).RowsCommitted > 0, TimeSpan.FromSeconds(60),
                "the consolidator has committed rows");
            Log("the consolidator has committed rows");

            // Kill the silo that hosts the consolidator's committer (its epoch in flight goes with it), then add one.
            var host = await client.SiloOfAsync(consolidator.GetGrainId());
            victim = silos.FirstOrDefault(s => s.Value.SiloPort == host?.Endpoint.Port).Key ?? victim;
            var status = await consolidator.GetStatusAsync();
            Assert.False(feeding.IsCompleted, "the input was fed completely before the kill");
            await silos[victim].Process.KillAsync();
            Log($"SIGKILLed silo {victim} (committer host: {host?.ToString() ?? "unknown"}) after consolidator epoch " +
                $"{status.LastCompletedEpoch}, {status.RowsCommitted} rows");
            StartSilo("d");
            Assert.False(feeding.IsCompleted, "the input was fed completely before the new silo started");
            joinStarted.SetResult();
            var live = silos.Where(s => s.Key != victim).Select(s => s.Value).ToList();
            Log($"silo d started");
            await client.WaitForActiveSilosAsync([.. live.Select(s => s.SiloPort)], [.. live.Select(s => s.Process)]);
            Log($"silo {victim} declared dead, silo d active");
            await Eventually.Until(() => PartitionStarts().IsMatch(silos["d"].Process.Output), TimeSpan.FromSeconds(60),
                "the joining silo reads a partition");

            await feeding;
            Log("input fed; draining");
            var consolidated = await JobDrainer.DrainAsync(client.Grains, ConsolidatorJob.Definition, Partitions, TimeSpan.FromMinutes(2));
            var flyers = await JobDrainer.DrainAsync(client.Grains, FlyerStatsJob.Definition, Partitions, TimeSpan.FromMinutes(2));
            Log($"drained: consolidator epoch {consolidated.LastCompletedEpoch}, flyer-stats epoch {flyers.LastCompletedEpoch}");
            await PipelineAssertions.FlyerGrainsAgreeWithAnIndependentRecountAsync(client.Grains, input);
            foreach (var (name, directory) in work)
            {
                Assert.False(Directory.Exists(Path.Combine(directory.Path, "warehouse")), $"silo {name} wrote a local warehouse");
                Assert.False(Directory.Exists(Path.Combine(directory.Path, "s3:")), $"silo {name} took s3:// for a folder");
            }
        }
        finally
        {
            foreach (var (name, (process, _)) in silos)
            {
                await process.DisposeAsync(); // SIGKILL, as a crash would
                var log = Path.Combine(AppContext.BaseDirectory, $"cluster-silo-{name}.log");
                await File.WriteAllTextAsync(log, process.Output);
                Log($"silo {name} log: {log}");
            }

            foreach (var directory in work.Values)
            {
                await directory.DisposeAsync();
            }
        }

        Log("every silo killed; reading back");
        // Read back with every silo stopped: the tables from S3 through the catalog item, the topics read_committed.
        var iceberg = await S3IcebergReader.DownloadAsync(s3, dynalite, Bucket, "wh", "kickstarter_iceberg", download.Path);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(bootstrap, input, kafka.Serdes);
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, bootstrap, input, kafka.Serdes);
        PipelineAssertions.FlyerStatsHoldEachWindowOfAFlyerOnce(iceberg, bootstrap);
        PipelineAssertions.NoTableHoldsAnEpochTwice(iceberg);
        var commits = silos.SelectMany(s => KafkaEpochCommit.ParseAll(s.Value.Process.Output, "silo " + s.Key)).ToList();
        var epochs = PipelineAssertions.NoKafkaEpochCommittedTwice(commits);
        Log($"{epochs} epochs committed to Kafka, each once: {string.Join(", ", commits.Select(c => $"{c.Job}/{c.Epoch} ({c.Source})"))}");
        Assert.True(epochs > 0, "no silo logged a Kafka commit: the producer's debug logging is not on");
        // Records no producer reported committed may only come from the epoch the killed silo was committing (the
        // embedded cluster shows an interrupted transaction's records, and the successor then skips the redo).
        var withoutCommit = PipelineAssertions.EpochsInTopicsWithoutACommitEvent(bootstrap, commits);
        var interrupted = Prepared().Matches(silos[victim].Process.Output)
            .GroupBy(m => m.Groups[1].Value, m => m.Groups[2].Value).Select(g => $"{g.Key}/{g.Last()}").ToHashSet();
        Log($"epochs in the topics without a commit event: {string.Join(", ", withoutCommit)}; " +
            $"the killed silo last prepared {string.Join(", ", interrupted)}");
        Assert.True(withoutCommit.All(interrupted.Contains),
            "epochs in the topics that no producer committed: " + string.Join(", ", withoutCommit));

        Assert.All(silos.Values, s => Assert.DoesNotContain("cluster-secret", s.Process.Output, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Committer ([a-z-]+): epoch (\d+) prepared with")]
    private static partial Regex Prepared();

    [GeneratedRegex(@"partition (airline\.[a-z_]+/\d+) starts at")]
    private static partial Regex PartitionStarts();
}
