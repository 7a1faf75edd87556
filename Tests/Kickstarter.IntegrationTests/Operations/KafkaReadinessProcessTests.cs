using System.Net;
using System.Text.Json;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Faults;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// The kafka readiness check's not-ready path, in a real Silo process: the Consolidator's committer cannot load its
/// state (dynalite behind <see cref="HttpFaultProxy"/> refuses the reads of that one item), so it cannot answer, and
/// the receivers of airline.sunset and airline.skyone cannot get their start positions. Orleans gave this silo those
/// partitions, but nobody reads them: readiness answers 503 with the kafka check Unhealthy, listing exactly those
/// partitions as waiting (Flyer Stats' airline.flight partitions, whose committer answers, are read). Once the reads
/// work again the committer answers, the receivers start, and the silo turns ready with every partition read here.
/// </summary>
public sealed class KafkaReadinessProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PartitionCount = 2;

    // Independently of the silo: the Consolidator reads both airline topics, Flyer Stats reads airline.flight.
    private static readonly string[] ConsolidatorPartitions = PartitionsOf("airline.skyone", "airline.sunset");
    private static readonly string[] FlyerStatsPartitions = PartitionsOf("airline.flight");

    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-kafka-ready-");
    private FaultyDynamoDb _storage = null!;
    private volatile bool _refuseCommitterState = true;

    public async Task InitializeAsync()
    {
        _storage = await FaultyDynamoDb.StartAsync();
        _storage.Proxy.Rule = request => _refuseCommitterState && IsConsolidatorCommitterRead(request)
            ? (ProxyVerdict.Fail, ProxyFault.DynamoDb(500, "InternalServerError"))
            : (ProxyVerdict.Forward, null);
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task ReadinessListsThePartitionsNotReadYetThenTurnsReadyOnceTheyAre()
    {
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            $"--Kafka:Partitions={PartitionCount}", "--Committer:CommitInterval=00:00:01", "--Generator:RatePerSecond=20",
            .. _storage.SiloSwitches("ready"),
        ]);
        try
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            JsonElement checks = default;
            await Eventually.Until(async () =>
            {
                var (status, body) = await HealthEndpoints.ReadyAsync(http);
                checks = body;
                // The airline.flight receivers start on their first polls: wait until they read.
                return status == HttpStatusCode.ServiceUnavailable && Partitions(body, "owned").SequenceEqual(FlyerStatsPartitions);
            }, TimeSpan.FromSeconds(90), "readiness answers 503 while Flyer Stats' partitions are read");
            AssertNotReadyBecauseOfTheConsolidatorsPartitions(checks);

            // Still not ready while the cause lasts: the receivers keep asking and the committer keeps failing to load.
            var refused = RefusedReads();
            Assert.True(refused > 0, "no read of the Consolidator committer's state was refused");
            await Eventually.Until(() => RefusedReads() >= refused + 3, TimeSpan.FromSeconds(60),
                "the Consolidator committer's state is asked for (and refused) again");
            var (stillStatus, still) = await HealthEndpoints.ReadyAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stillStatus);
            AssertNotReadyBecauseOfTheConsolidatorsPartitions(still);

            _refuseCommitterState = false;
            await Eventually.Until(async () => (await HealthEndpoints.ReadyAsync(http)).Status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(90), "the silo turns ready once its committer answers");
            var (_, ready) = await HealthEndpoints.ReadyAsync(http);
            var kafka = ready.GetProperty("kafka");
            Assert.Equal("Healthy", kafka.GetProperty("status").GetString());
            Assert.Equal(PartitionsOf("airline.flight", "airline.skyone", "airline.sunset"), Partitions(ready, "owned"));
            Assert.Empty(Partitions(ready, "waiting"));
            Assert.Contains("partition airline.sunset/0 starts", silo.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("ready-secret", silo.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(silo.Output); // what the silo said, for the failure report
            throw;
        }
    }

    /// <summary>503 because of kafka, naming exactly the Consolidator's partitions; the silo itself is up and joined.</summary>
    private static void AssertNotReadyBecauseOfTheConsolidatorsPartitions(JsonElement checks)
    {
        var kafka = checks.GetProperty("kafka");
        Assert.Equal("Unhealthy", kafka.GetProperty("status").GetString());
        Assert.Equal(ConsolidatorPartitions, Partitions(checks, "waiting"));
        Assert.Equal(FlyerStatsPartitions, Partitions(checks, "owned"));
        Assert.Equal($"{ConsolidatorPartitions.Length} partitions given to this silo are not read yet",
            kafka.GetProperty("description").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
    }

    private int RefusedReads() => _storage.Proxy.Faulted(IsConsolidatorCommitterRead);

    /// <summary>The committer's state item is keyed "{ServiceId}/committer/{grain id}"; its grain key is the job's name.</summary>
    private static bool IsConsolidatorCommitterRead(ProxiedRequest request) =>
        request.DynamoDbOperation == "GetItem"
        && request.JsonBody.Contains("/committer/", StringComparison.Ordinal)
        && request.JsonBody.Contains("consolidator", StringComparison.Ordinal);

    private static string[] PartitionsOf(params string[] topics) =>
        [.. topics.Order(StringComparer.Ordinal).SelectMany(topic => Enumerable.Range(0, PartitionCount).Select(p => $"{topic}/{p}"))];

    private static string[] Partitions(JsonElement checks, string list) =>
        [.. checks.GetProperty("kafka").GetProperty("data").GetProperty(list).EnumerateArray().Select(p => p.GetString()!)];
}
