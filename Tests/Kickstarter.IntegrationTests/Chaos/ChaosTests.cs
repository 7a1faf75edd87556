using System.Diagnostics;
using System.Globalization;
using Kickstarter.Connectors.Kafka.Embedded;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Xunit.Abstractions;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// Exactly-once through crashes: three silos with DynamoDB (dynalite) grain state and Redis membership, the embedded
/// Kafka cluster outside them, 20,000 bookings fed while silos are hard-killed (one while an Iceberg commit is in
/// flight, one inside a Kafka transaction, the rest at random moments) and replaced, brokers go down and requests
/// fail. Afterwards every output must equal what the input alone says: nothing lost, no epoch committed twice to a
/// table or to Kafka, each flyer's window emitted once. Each named kill point must be proven hit by a signal (the held
/// metadata create, the epoch's records in the log before its commit was reported), and the test reports them all.
/// Set KICKSTARTER_CHAOS_SEED to replay a run.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(SiloAddress Silo, long At)> _kills = [];

    private void Log(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.000}s] {message}");

    [Fact]
    public async Task EveryRecordCountsOnceThroughSiloKillsAndBrokerFaults()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KICKSTARTER_CHAOS_SEED"), out var s) ? s : Random.Shared.Next();
        Log($"chaos seed {seed} (replay with KICKSTARTER_CHAOS_SEED={seed})");
        try
        {
            await RunChaosAsync(seed);
        }
        finally
        {
            var logFile = Path.Combine(AppContext.BaseDirectory, $"chaos-{seed}.log");
            File.WriteAllLines(logFile, CapturedLogs.Lines);
            Log($"silo logs: {logFile}");
        }
    }

    private async Task RunChaosAsync(int seed)
    {
        var random = new Random(seed);
        var input = FlightInput.Generate(seed: 7001, perAirline: 10_000, flyers: 200, start: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), rate: 20);

        await using var dynalite = await DynaliteServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using var kafka = EmbeddedKafkaCluster.Start(3);
        foreach (var topic in JobCatalog.Topics)
        {
            kafka.CreateTopic(topic, Partitions, 3);
        }

        // Declared before the cluster, so it is removed only after every silo (and every zombie) stopped writing.
        await using var warehouseFolder = TemporaryDirectory.Create("kickstarter-chaos-");
        var warehouse = warehouseFolder.Path;
        WarehouseWriters.Reset();
        ChaosJobSink.Reset();
        KafkaCommitProbe.Reset();
        var builder = new TestClusterBuilder(3);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ServiceId = "chaos-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chaos:Redis"] = redis.ConnectionString,
            ["Storage:Provider"] = "DynamoDB",
            ["Storage:DynamoDB:ServiceUrl"] = dynalite.ServiceUrl,
            ["Storage:DynamoDB:AccessKey"] = "chaos",
            ["Storage:DynamoDB:SecretKey"] = "chaos-secret",
            ["Storage:DynamoDB:TableName"] = "KickstarterChaos",
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            // JSON: the faults here are about exactly-once, and the input and the checks read JSON directly.
            ["Kafka:Format"] = "Json",
            ["Iceberg:Warehouse"] = warehouse,
            ["Kafka:Partitions"] = Partitions.ToString(CultureInfo.InvariantCulture),
            ["Committer:CommitInterval"] = "00:00:01",
            ["Committer:StepTimeout"] = "00:00:20",
        }));
        builder.AddSiloBuilderConfigurator<ChaosSiloConfigurator>();
        builder.AddClientBuilderConfigurator<ChaosClientConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        Log($"cluster of {cluster.Silos.Count} silos deployed; Kafka {kafka.BootstrapServers}; dynalite {dynalite.ServiceUrl}");

        using var stop = new CancellationTokenSource();
        var keepAlive = KeepCommittersRunningAsync(cluster, stop.Token);
        var feeding = input.ProduceAsync(kafka.BootstrapServers, TimeSpan.FromSeconds(50), CancellationToken.None);

        var killPoints = new List<KillPoint>();
        // 1. Kill the consolidator's silo inside its Iceberg commit, one table committed and the next one's metadata
        //    create held: the commit goes on in the zombie, racing the successor that recovers the epoch.
        killPoints.Add(await KillInsideIcebergCommitAsync(cluster));
        await ReplaceAsync(cluster);

        // Broker faults: a broker down then up; request errors on Produce, EndTxn and OffsetCommit.
        Log("broker 2 down");
        kafka.SetBrokerDown(2);
        await Task.Delay(TimeSpan.FromSeconds(2));
        kafka.SetBrokerUp(2);
        Log("broker 2 up; injecting Produce, EndTxn and OffsetCommit errors");
        kafka.PushRequestErrors(ApiKeys.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.NotLeaderForPartition);
        kafka.PushRequestErrors(ApiKeys.EndTxn, ErrorCode.ConcurrentTransactions);
        kafka.PushRequestErrors(ApiKeys.OffsetCommit, ErrorCode.RebalanceInProgress);

        // 2. Kill the consolidator's silo inside its open Kafka transaction: records produced, commit not yet reported.
        killPoints.Add(await KillInsideKafkaTransactionAsync(cluster, kafka));
        await ReplaceAsync(cluster);

        // 3. More kills at random moments, of random silos.
        while (killPoints.Count(k => k.Killed) < 5 || !feeding.IsCompleted && killPoints.Count(k => k.Killed) < 8)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 5000)));
            var victim = cluster.Silos[random.Next(cluster.Silos.Count)];
            var inFlight = WarehouseWriters.InFlightStartingWith($"silo {victim.SiloAddress} ");
            var name = $"random #{killPoints.Count - 1}";
            Log($"kill {name}: silo {victim.SiloAddress} at a random moment");
            await KillAsync(cluster, victim);
            killPoints.Add(new KillPoint(name, Killed: true, Hit: true,
                $"silo {victim.SiloAddress}; sink operations in flight: {(inFlight.Count == 0 ? "none" : string.Join("; ", inFlight))}"));
            await ReplaceAsync(cluster);
        }

        await feeding;
        var kills = killPoints.Count(k => k.Killed);
        Log($"input fed: {input.Bookings.Count} bookings; {kills} kills; draining");
        Log("kill points:" + string.Concat(killPoints.Select(k => Environment.NewLine + "  " + k)));
        var grains = cluster.Client;
        var consolidator = await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, Partitions, TimeSpan.FromMinutes(2));
        var flyers = await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, Partitions, TimeSpan.FromMinutes(2));
        Log($"drained: consolidator epoch {consolidator.LastCompletedEpoch}, flyer-stats epoch {flyers.LastCompletedEpoch}");
        stop.Cancel();
        await keepAlive;
        Assert.True(kills >= 5);

        // The grains' live answers need the silos; everything else is read after every writer has stopped.
        await PipelineAssertions.FlyerGrainsAgreeWithAnIndependentRecountAsync(grains, input);
        await StopEveryWriterAsync(cluster);
        var warehouseAfterStop = warehouseFolder.Fingerprint();

        var iceberg = new IndependentIcebergReader(warehouse);
        Log($"rows: flight {iceberg.Rows(Tables.Flight).Count} (expected {input.ExpectedFlights().Count}), " +
        $"sunset {iceberg.Rows(Tables.SunsetAirline).Count}, skyone {iceberg.Rows(Tables.SkyOneAirline).Count}, flyer_stats " +
            $"{iceberg.Rows(Tables.FlyerStats).Count}");

        LogMissingSourceRecords(kafka.BootstrapServers, iceberg);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        var copies = PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input);
        Log($"airline.flight: {copies} repeated copies from aborted or redone transactions, all identical");
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input);
        PipelineAssertions.FlyerStatsHoldEachWindowOfAFlyerOnce(iceberg, kafka.BootstrapServers);
        PipelineAssertions.NoTableHoldsAnEpochTwice(iceberg);
        var kafkaEpochs = PipelineAssertions.NoKafkaEpochCommittedTwice(KafkaCommitProbe.Commits);
        Log($"{kafkaEpochs} epochs committed to Kafka, each once: " +
            string.Join(", ", KafkaCommitProbe.Commits.Select(c =>
                $"{c.Job}/{c.Epoch} ({c.Records} records, attempt {c.Attempt}, {c.Source})")));
        var withoutCommit = PipelineAssertions.EpochsInTopicsWithoutACommitEvent(kafka.BootstrapServers, KafkaCommitProbe.Commits);
        Log($"epochs in the topics without a commit event: {(withoutCommit.Count == 0 ? "none" : string.Join(", ", withoutCommit))}");
        // The embedded cluster shows the records of a transaction that never committed; a recovering committer then
        // takes the epoch for committed and does not redo it (a real broker hides them, and the redo happens). That is
        // only allowed for an epoch whose commit a kill interrupted; anything else produced records outside the protocol.
        var openAtKill = CommitsOpenAtAKill();
        Assert.True(withoutCommit.All(openAtKill.Contains),
            "epochs in the topics that no producer committed and no kill interrupted: " +
            string.Join(", ", withoutCommit.Where(e => !openAtKill.Contains(e))));
        Assert.True(kafkaEpochs > 0, "no Kafka commit event was seen: the probe is not wired");

        // Every scheduled kill point was reached and proven hit.
        Assert.True(killPoints.All(k => k.Hit), "kill points missed:" + string.Concat(killPoints.Where(k => !k.Hit).Select(k => " " + k)));

        // The assertions saw the tables' final state: no writer started after the stop, and not one file of the
        // warehouse changed while they ran.
        Assert.Empty(WarehouseWriters.StartedAfterSeal);
        Assert.Equal(warehouseAfterStop, warehouseFolder.Fingerprint());
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(new IndependentIcebergReader(warehouse), input);
    }

    /// <summary>
    /// Stops every live silo gracefully, then waits until no sink operation is in flight anywhere: a killed silo's
    /// zombie may still be finishing a commit it started before it died (the commit guard makes that harmless, and
    /// this wait makes it visible). From then on nothing may write to the warehouse.
    /// </summary>
    private async Task StopEveryWriterAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await Eventually.Until(() => WarehouseWriters.InFlight == 0, TimeSpan.FromMinutes(2),
            "every warehouse writer, killed silos' zombies included, has finished");
        WarehouseWriters.Seal();
        Log($"all silos stopped; {WarehouseWriters.Started} sink operations ran, none in flight");
    }

    /// <summary>On a failure, says which source records (topic/partition and offset ranges) never reached the flight table.</summary>
    private void LogMissingSourceRecords(string bootstrap, IndependentIcebergReader iceberg)
    {
        var present = iceberg.Rows(Tables.Flight).Select(r => (string)r["confirmation_code"]! + (string)r["flight_number"]!).ToHashSet();
        foreach (var topic in new[] { Topics.Sunset, Topics.SkyOne })
        {
            var missing = TopicReader.ReadAll(bootstrap, topic, TimeSpan.FromMinutes(1))
                .Select(r =>
                    (r.Partition, r.Offset,
                    Booking: System.Text.Json.JsonSerializer.Deserialize(
                    r.Value, Kickstarter.Grains.Serialization.PipelineJson.Default.AirlineBooking)!))
                .Where(r => !present.Contains(r.Booking.ConfirmationCode + r.Booking.FlightNumber))
                .GroupBy(r => r.Partition);
            foreach (var g in missing)
            {
                Log($"missing from flight table: {topic}/{g.Key}: {g.Count()} records, offsets {g.Min(r => r.Offset)}..{g.Max(r => r.Offset)}");
            }
        }
    }

    /// <summary>
    /// Kill point "iceberg-commit": holds the consolidator's commit right before it creates a table's next metadata
    /// file (the atomic step of a Hadoop-catalog commit) when one table of the epoch is committed already, kills that
    /// silo, then lets the held create go on in the zombie. Proven by the hook itself and the creates it recorded.
    /// </summary>
    private async Task<KillPoint> KillInsideIcebergCommitAsync(TestCluster cluster)
    {
        const string name = "iceberg-commit";
        var held = new TaskCompletionSource<(SinkCommit Commit, string Location)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ChaosFileIO.BeforeTableCommit = async (commit, location) =>
        {
            if (commit.Job != ConsolidatorJob.Definition.Name || commit.TablesCommitted != 1 || !held.TrySetResult((commit, location)))
            {
                return;
            }

            await release.Task.ConfigureAwait(false);
        };

        try
        {
            var (commit, location) = await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var handle = cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(commit.Silo));
            if (handle is null)
            {
                return new KillPoint(name, Killed: false, Hit: false, $"{commit} was held, but its silo was already gone");
            }

            var committedBefore = commit.TableCommits.Where(c => c.Created).Select(c => TableOf(c.Location)).ToList();
            Log($"kill {name}: silo {commit.Silo} while {commit} creates {TableOf(location)}'s next metadata " +
                $"({string.Join(", ", committedBefore)} committed)");
            await KillAsync(cluster, handle);
            release.TrySetResult();
            // What the zombie's held create then did; it races the successor, so either outcome is fine.
            await Eventually.Until(() => commit.TableCommits.Any(c => c.Location == location), TimeSpan.FromSeconds(30),
                "the killed silo's held metadata create has finished");
            var outcome = commit.TableCommits.Last(c => c.Location == location).Created ? "won" : "lost to the successor";
            return new KillPoint(name, Killed: true, Hit: true,
                $"{commit}: {string.Join(", ", committedBefore)} committed, the create of {TableOf(location)}'s " +
                $"{Path.GetFileName(location)} held at the kill; the zombie then {outcome}");
        }
        catch (TimeoutException ex)
        {
            return new KillPoint(name, held.Task.IsCompleted, Hit: false, ex.Message);
        }
        finally
        {
            ChaosFileIO.BeforeTableCommit = null;
            release.TrySetResult();
        }
    }

    /// <summary>
    /// Kill point "kafka-transaction": slows the brokers and makes the next EndTxn requests fail retriably, arms on the
    /// consolidator's next commit that has Kafka records, and kills its silo as soon as the epoch's records are in
    /// <c>airline.flight</c> while the producer has reported no commit of it. Proven by those two signals, checked again
    /// after the kill against the producer's commit events (so a commit that slipped in just before is caught).
    /// </summary>
    private async Task<KillPoint> KillInsideKafkaTransactionAsync(TestCluster cluster, EmbeddedKafkaCluster kafka)
    {
        const string name = "kafka-transaction";
        var job = ConsolidatorJob.Definition.Name;
        using var watcher = new EpochRecordWatcher(kafka.BootstrapServers, Topics.Flight, Partitions, job);
        foreach (var broker in new[] { 1, 2, 3 })
        {
            kafka.SetBrokerRoundTripTime(broker, TimeSpan.FromMilliseconds(300));
        }

        var misses = new List<string>();
        try
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                var armed = new TaskCompletionSource<SinkCommit>(TaskCreationOptions.RunContinuationsAsynchronously);
                ChaosJobSink.BeforeCommit = commit =>
                {
                    if (commit.Job == job && commit.KafkaRecords > 0 && !commit.Recovering && armed.TrySetResult(commit))
                    {
                        // Retriable EndTxn failures keep the transaction open at the coordinator a while longer.
                        kafka.PushRequestErrors(ApiKeys.EndTxn, [.. Enumerable.Repeat(ErrorCode.ConcurrentTransactions, 4)]);
                    }

                    return Task.CompletedTask;
                };

                SinkCommit commit;
                try
                {
                    // Long: after the first kill the committer can spend a minute recovering on a loaded 2-core machine.
                    commit = await armed.Task.WaitAsync(TimeSpan.FromSeconds(150));
                }
                catch (TimeoutException)
                {
                    misses.Add("no consolidator commit with Kafka records began within 150 s");
                    break;
                }
                finally
                {
                    ChaosJobSink.BeforeCommit = null;
                }

                var seen = await watcher.WaitForEpochAsync(commit.Epoch, TimeSpan.FromSeconds(20));
                var handle = cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(commit.Silo));
                if (seen == 0 || handle is null || KafkaCommitted(commit, before: long.MaxValue) || commit.EndedAt is not null)
                {
                    misses.Add($"{commit}: {seen} records seen, {(commit.EndedAt is null ? "commit open" : "commit ended")}");
                    kafka.ClearRequestErrors(ApiKeys.EndTxn);
                    continue;
                }

                var killedAt = Stopwatch.GetTimestamp();
                Log($"kill {name}: silo {commit.Silo} while {commit} has {seen} of {commit.KafkaRecords} records in " +
                    "airline.flight, uncommitted");
                await KillAsync(cluster, handle);
                kafka.ClearRequestErrors(ApiKeys.EndTxn);
                if (KafkaCommitted(commit, before: killedAt) || commit.EndedAt < killedAt)
                {
                    return new KillPoint(name, Killed: true, Hit: false,
                        $"{commit}: the producer reported the commit before the kill landed");
                }

                return new KillPoint(name, Killed: true, Hit: true,
                    $"{commit}: {seen} of its {commit.KafkaRecords} records were in airline.flight and the producer had reported " +
                    $"no commit of the epoch when its silo was killed (attempt {attempt})" +
                    (misses.Count == 0 ? "" : $"; earlier misses: {string.Join("; ", misses)}"));
            }

            return new KillPoint(name, Killed: false, Hit: false, string.Join("; ", misses));
        }
        finally
        {
            ChaosJobSink.BeforeCommit = null;
            foreach (var broker in new[] { 1, 2, 3 })
            {
                kafka.SetBrokerRoundTripTime(broker, TimeSpan.Zero);
            }
        }
    }

    /// <summary>Whether the producer reported epoch <paramref name="commit"/> committed in Kafka before the timestamp.</summary>
    private static bool KafkaCommitted(SinkCommit commit, long before) =>
        KafkaCommitProbe.Commits.Any(c => c.Job == commit.Job && c.Epoch == commit.Epoch && c.At < before);

    private static string TableOf(string metadataLocation) =>
        Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(new Uri(metadataLocation).LocalPath)))!;

    /// <summary>Kills a silo (its zombie may go on), remembering which and when.</summary>
    private async Task KillAsync(TestCluster cluster, SiloHandle silo)
    {
        lock (_kills)
        {
            _kills.Add((silo.SiloAddress, Stopwatch.GetTimestamp()));
        }

        await cluster.KillSiloAsync(silo);
    }

    /// <summary>The (job, epoch)s whose sink commit was in flight on a silo when it was killed.</summary>
    private HashSet<string> CommitsOpenAtAKill() =>
    [
        .. ChaosJobSink.Commits
            .Where(commit => _kills.Any(kill => kill.Silo.Equals(commit.Silo) && commit.StartedAt < kill.At && !(commit.EndedAt < kill.At)))
            .Select(commit => $"{commit.Job}/{commit.Epoch}"),
    ];

    private async Task ReplaceAsync(TestCluster cluster)
    {
        var silo = await cluster.StartAdditionalSiloAsync();
        Log($"replacement silo {silo.SiloAddress} started; {cluster.Silos.Count} silos");
    }

    /// <summary>What the silo's supervisor does in production: ask both committers to run, so a lost one comes back.</summary>
    private static async Task KeepCommittersRunningAsync(TestCluster cluster, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var job in JobCatalog.All)
            {
                try
                {
                    await cluster.Client.GetGrain<ICommitterGrain>(job.Name).StartAsync().WaitAsync(TimeSpan.FromSeconds(15), ct);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // The committer's silo may be dying; try again shortly.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
