using System.Diagnostics;
using System.Globalization;
using ErrorCode = Confluent.Kafka.ErrorCode;
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

namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// Exactly-once through crashes: three silos with DynamoDB (dynalite) grain state and Redis membership, the embedded
/// Kafka cluster outside them, 20,000 bookings fed while silos are hard-killed (one while an Iceberg commit is in
/// flight, one inside a Kafka transaction, the rest at random moments) and replaced, brokers go down and requests
/// fail. Afterwards every output must equal what the input alone says. Set KICKSTARTER_CHAOS_SEED to replay a run.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

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

        var kills = 0;
        // 1. Kill the consolidator's silo while its Iceberg commit is in flight: the commit goes on in the zombie.
        kills += await KillDuringCommitAsync(cluster, "consolidator", afterHook: TimeSpan.Zero, "an Iceberg commit is in flight");
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

        // 2. Kill the consolidator's silo inside its Kafka transaction (slow brokers keep the transaction open).
        foreach (var broker in new[] { 1, 2, 3 })
        {
            kafka.SetBrokerRoundTripTime(broker, TimeSpan.FromMilliseconds(300));
        }

        kills += await KillDuringCommitAsync(cluster, "consolidator", afterHook: TimeSpan.FromMilliseconds(400), "inside a Kafka transaction");
        foreach (var broker in new[] { 1, 2, 3 })
        {
            kafka.SetBrokerRoundTripTime(broker, TimeSpan.Zero);
        }

        await ReplaceAsync(cluster);

        // 3. More kills at random moments, of random silos.
        while (kills < 5 || !feeding.IsCompleted && kills < 8)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 5000)));
            var victim = cluster.Silos[random.Next(cluster.Silos.Count)];
            Log($"kill #{kills + 1}: silo {victim.SiloAddress} at a random moment");
            await cluster.KillSiloAsync(victim);
            kills++;
            await ReplaceAsync(cluster);
        }

        await feeding;
        Log($"input fed: {input.Bookings.Count} bookings; {kills} kills; draining");
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
        $"sunset {iceberg.Rows(Tables.SunsetAirline).Count}, skyone {iceberg.Rows(Tables.SkyOneAirline).Count}, flyer_stats {iceberg.Rows(Tables.FlyerStats).Count}");

        LogMissingSourceRecords(kafka.BootstrapServers, iceberg);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        var copies = PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input);
        Log($"airline.flight: {copies} repeated copies from aborted or redone transactions, all identical");
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input);

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
                .Select(r => (r.Partition, r.Offset, Booking: System.Text.Json.JsonSerializer.Deserialize(r.Value, Kickstarter.Grains.Serialization.PipelineJson.Default.AirlineBooking)!))
                .Where(r => !present.Contains(r.Booking.ConfirmationCode + r.Booking.FlightNumber))
                .GroupBy(r => r.Partition);
            foreach (var g in missing)
            {
                Log($"missing from flight table: {topic}/{g.Key}: {g.Count()} records, offsets {g.Min(r => r.Offset)}..{g.Max(r => r.Offset)}");
            }
        }
    }

    /// <summary>Arms the sink hook; when the job's committer starts committing an epoch, kills its silo.</summary>
    private async Task<int> KillDuringCommitAsync(TestCluster cluster, string job, TimeSpan afterHook, string when)
    {
        var victim = new TaskCompletionSource<(long Epoch, SiloAddress Silo)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ChaosJobSink.BeforeCommit = async (name, epoch, silo) =>
        {
            if (name != job || !victim.TrySetResult((epoch, silo)))
            {
                return;
            }

            if (afterHook == TimeSpan.Zero)
            {
                // Hold the commit until its silo is dead, then let it go on (off the dead silo's scheduler).
                await killed.Task.ConfigureAwait(false);
            }
        };

        var (epoch, address) = await victim.Task.WaitAsync(TimeSpan.FromSeconds(60));
        ChaosJobSink.BeforeCommit = null;
        await Task.Delay(afterHook);
        var handle = cluster.Silos.First(s => s.SiloAddress.Equals(address));
        Log($"kill: silo {address} while {job} commits epoch {epoch} ({when})");
        await cluster.KillSiloAsync(handle);
        killed.TrySetResult();
        return 1;
    }

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
