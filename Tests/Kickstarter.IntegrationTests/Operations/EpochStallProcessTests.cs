using System.Net;
using System.Text.Json;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Faults;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// The epochs readiness check's not-ready path: the silo's grain storage (dynalite behind <see cref="HttpFaultProxy"/>)
/// keeps answering reads but refuses every write, so no committer can record an epoch. Readiness turns to 503 naming
/// the epochs check (storage reads still answer, so the storage check stays healthy: the reason is the stall, not the
/// dependency), liveness holds, and once writes work again the jobs complete epochs and the silo is ready again.
/// </summary>
public sealed class EpochStallProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal)
    {
        "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems",
    };

    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-stall-");
    private FaultyDynamoDb _storage = null!;
    private volatile bool _refuseWrites;

    public async Task InitializeAsync()
    {
        _storage = await FaultyDynamoDb.StartAsync();
        _storage.Proxy.Rule = request => _refuseWrites && Writes.Contains(request.DynamoDbOperation)
            ? (ProxyVerdict.Fail, ProxyFault.DynamoDb(500, "InternalServerError"))
            : (ProxyVerdict.Forward, null);
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task ReadinessNamesTheStalledEpochsWhileCommittersCannotWriteThenRecovers()
    {
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            "--Committer:CommitInterval=00:00:01", "--Generator:RatePerSecond=20",
            .. _storage.SiloSwitches("stall"),
        ]);
        try
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await Eventually.Until(async () => (await HealthEndpoints.ReadyAsync(http)).Status == HttpStatusCode.OK
                    && (await CommitterStatuses.CompletedEpochsAsync(http)).Values.All(epoch => epoch > 0),
                TimeSpan.FromSeconds(90), "the silo becomes ready with both jobs completing epochs");

            _refuseWrites = true;
            JsonElement checks = default;
            await Eventually.Until(async () =>
            {
                var (status, body) = await HealthEndpoints.ReadyAsync(http);
                checks = body;
                // Each job goes stale on its own clock: wait until both are named.
                return status == HttpStatusCode.ServiceUnavailable && Status(body, "epochs") == "Unhealthy"
                    && body.GetProperty("epochs").GetProperty("description").GetString()!.Contains(", ", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "readiness answers 503 with the epochs check naming both jobs");
            Assert.True(_storage.Proxy.Faulted(request => Writes.Contains(request.DynamoDbOperation)) > 0, "no storage write was refused");

            // The reason is the stall: it names the jobs, and the storage itself still answers reads.
            var epochs = checks.GetProperty("epochs");
            var reason = epochs.GetProperty("description").GetString()!;
            Assert.StartsWith("no epoch completed within 3 s", reason);
            Assert.Contains("consolidator", reason);
            Assert.Contains("flyer-stats", reason);
            Assert.Contains("unchanged for", epochs.GetProperty("data").GetProperty("consolidator").GetString());
            Assert.Equal("Healthy", Status(checks, "storage"));
            Assert.Equal("Healthy", Status(checks, "kafka"));
            using (var live = await http.GetAsync("/health/live"))
            {
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            }

            var stalledAt = await CommitterStatuses.CompletedEpochsAsync(http);
            _refuseWrites = false;
            await Eventually.Until(async () => (await HealthEndpoints.ReadyAsync(http)).Status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(90), "the silo is ready again once storage takes writes");
            var (_, recovered) = await HealthEndpoints.ReadyAsync(http);
            Assert.Equal("Healthy", Status(recovered, "epochs"));
            var after = await CommitterStatuses.CompletedEpochsAsync(http);
            Assert.All(stalledAt, job => Assert.True(after[job.Key] > job.Value, $"{job.Key} completed no epoch after the stall"));
            Assert.DoesNotContain("stall-secret", silo.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(silo.Output); // what the silo said, for the failure report
            throw;
        }
    }

    private static string Status(JsonElement checks, string check) => checks.GetProperty(check).GetProperty("status").GetString()!;
}
