using System.Diagnostics;
using System.Text.RegularExpressions;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// SIGTERM, as docker stop, ECS and Kubernetes send it: the Silo stops in order (generator, receivers, the epoch in
/// flight plus one more, grains while storage is up, then Orleans), exits 0 within the host's grace period with no
/// error-level log line, and a restart on the same state (DynamoDB on dynalite, the standalone embedded Kafka with its
/// Schema Registry, records in Avro, the same warehouse) loses and repeats nothing.
/// </summary>
public sealed partial class GracefulStopProcessTests(ITestOutputHelper output)
{
    /// <summary>The host's shutdown timeout, set explicitly (it is also .NET's and the README's default).</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DefaultEmbeddedRunStopsOnSigtermWithinTheGracePeriodAndLogsNoError()
    {
        await using var work = TemporaryDirectory.Create("kickstarter-stop-");
        await using var silo = SiloProcess.StartRaw(work.Path, FreePort.Next(), ShutdownEnvironment(),
            $"--http-port={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Generator:RatePerSecond=50", "--Committer:CommitInterval=00:00:01");
        await Eventually.Until(() => Regex.IsMatch(silo.Output, "Committer consolidator: epoch [0-9]+ prepared with [1-9]"),
            TimeSpan.FromSeconds(90), "the default run commits bookings");

        await StopWithSigtermAsync(silo, "default run");
    }

    [Fact]
    public async Task SigtermThenRestartOnTheSameStateLosesAndRepeatsNothing()
    {
        var input = FlightInput.Generate(seed: 5151, perAirline: 2500, flyers: 50, start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), rate: 5);
        await using var work = TemporaryDirectory.Create("kickstarter-stop-");
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var kafka = await StandaloneKafka.StartAsync(partitions: 4);
        // A third of the input before each run: every run has input of its own to commit, however long the machine takes
        // to start, stop and restart the silo (fed by the clock instead, a slow first run could read it all and leave the
        // second nothing to commit).
        TaskCompletionSource[] stopped =
            [new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)];
        var feeding = input.ProduceInPartsAsync(
            kafka.BootstrapServers, [.. stopped.Select(stop => stop.Task)], TimeSpan.FromSeconds(20), CancellationToken.None, kafka.Serdes);

        string[] Args(params string[] extra) =>
        [
            $"--http-port={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            .. kafka.SiloSwitches, "--Kafka:Partitions=4", "--jobs", "Consolidator,FlyerStats",
            .. CloudSwitches.DynamoDbStorage(dynalite.ServiceUrl, "stop", "stop-secret"), "--Storage:DynamoDB:TableName=KickstarterStop",
            "--Committer:CommitInterval=00:00:01",
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", .. extra,
        ];

        for (var stop = 1; stop <= 2; stop++)
        {
            var args = Args();
            await using var silo = SiloProcess.StartRaw(work.Path, 0, ShutdownEnvironment(), args);
            var http = new Uri(args[0].Replace("--http-port=", "http://127.0.0.1:", StringComparison.Ordinal));
            using var client = new HttpClient { BaseAddress = http };
            try
            {
                await CommitterStatuses.WaitForMoreRowsAsync(client, "consolidator", 300, $"run {stop}");
            }
            catch (TimeoutException)
            {
                output.WriteLine(silo.Output);
                throw;
            }

            await StopWithSigtermAsync(silo, $"run {stop}");
            stopped[stop - 1].SetResult();
        }

        await feeding;
        await using (var last = SiloProcess.StartRaw(work.Path, 0, ShutdownEnvironment(), Args("--duration", "15s")))
        {
            Assert.Equal(0, await last.WaitForExitAsync(TimeSpan.FromMinutes(4)));
            Assert.DoesNotMatch(ErrorLine(), last.Output);
        }

        var iceberg = new IndependentIcebergReader(Path.Combine(work.Path, "warehouse"));
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(iceberg, input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(iceberg, input);
        // Each stop finished its transactions: nothing was aborted or redone, so not even identical copies.
        var copies = PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(kafka.BootstrapServers, input, kafka.Serdes);
        Assert.Equal(0, copies);
        PipelineAssertions.FlyerStatsOutputsAgreeWithAnIndependentRecount(iceberg, kafka.BootstrapServers, input, kafka.Serdes);
    }

    /// <summary>
    /// SIGTERM, then: exit code 0 within the grace period, every step of the ordered stop done (none skipped for lack
    /// of time), the epoch in flight finished, and no <c>fail:</c> or <c>crit:</c> line in the whole log.
    /// </summary>
    private async Task StopWithSigtermAsync(SiloProcess silo, string run)
    {
        var signalled = Stopwatch.StartNew();
        silo.Terminate();
        var exitCode = await silo.WaitForExitAsync(GracePeriod);
        output.WriteLine($"{run}: exited {exitCode} {signalled.Elapsed.TotalSeconds:F1} s after SIGTERM");
        var log = silo.Output;
        var stopping = log.IndexOf("Application is shutting down", StringComparison.Ordinal);
        output.WriteLine(stopping < 0 ? log : log[stopping..]);
        Assert.Equal(0, exitCode);
        Assert.True(signalled.Elapsed < GracePeriod, $"{run}: took {signalled.Elapsed} to stop");
        Assert.DoesNotMatch(ErrorLine(), log);
        Assert.Contains("Committer consolidator: silo", log, StringComparison.Ordinal); // the last epoch was committed
        Assert.Contains("jobs handed over; Orleans stops now", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Stopping: could not", log, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> ShutdownEnvironment() =>
        new()
        {
            ["DOTNET_SHUTDOWNTIMEOUTSECONDS"] = ((int)GracePeriod.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ", // shows where the stop spends its time
        };

    [GeneratedRegex(@"^(\S+ )?(fail|crit):", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
