using System.Net;
using System.Text.Json;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// The silo executable's operating surface: the Prometheus scrape endpoint with the metrics docs/metrics.md names (the
/// Grafana dashboard queries them), and readiness that turns when a dependency goes away while liveness does not.
/// </summary>
public sealed class TelemetryProcessTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-ops-");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _workDir.DisposeAsync();

    [Fact]
    public async Task ScrapeEndpointShowsThePipelineMetricsMovingBetweenTwoScrapes()
    {
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Committer:CommitInterval=00:00:02", "--Generator:RatePerSecond=50");
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        // First scrape once the pipeline has completed an epoch with rows in it.
        var first = "";
        await Eventually.Until(async () =>
        {
            first = await ScrapeAsync(http);
            return PrometheusText.Sum(first, "kickstarter_rows_committed_total") > 0;
        }, TimeSpan.FromSeconds(90), "the scrape shows rows committed");
        var consumed = PrometheusText.Sum(first, "kickstarter_records_consumed_total");
        var epochs = PrometheusText.Sum(first, "kickstarter_epoch_duration_seconds_count");

        // Second scrape once more epochs completed: the counters moved.
        var second = "";
        await Eventually.Until(async () =>
        {
            second = await ScrapeAsync(http);
            // Kafka transactions happen only for epochs with output records (flights released at the watermark).
            return PrometheusText.Sum(second, "kickstarter_epoch_duration_seconds_count") >= epochs + 2
                && PrometheusText.Sum(second, "kickstarter_kafka_transaction_seconds_count") > 0;
        }, TimeSpan.FromSeconds(90), "two more epochs complete and one produced to Kafka");
        Assert.True(PrometheusText.Sum(second, "kickstarter_records_consumed_total") > consumed,
            "records consumed did not increase between two scrapes two epochs apart");

        // Every metric the dashboard reads from the pipeline is there, under the documented name and labels.
        var names = PrometheusText.Names(second);
        string[] expected =
        [
            "kickstarter_records_consumed_total", "kickstarter_consumer_lag", "kickstarter_deliveries_total",
            "kickstarter_epoch_duration_seconds_bucket", "kickstarter_barrier_pause_seconds_count",
            "kickstarter_snapshot_seconds_sum", "kickstarter_kafka_transaction_seconds_count",
            "kickstarter_rows_committed_total", "kickstarter_files_committed_total", "kickstarter_bytes_committed_total",
            "kickstarter_generator_records_total", "orleans_catalog_activations", "orleans_grains",
            "dotnet_process_memory_working_set_bytes", "dotnet_gc_collections_total", "dotnet_thread_pool_queue_length_total",
        ];
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.Contains(PrometheusText.Labels(second, "kickstarter_records_consumed_total"),
            labels => labels.Contains("topic=\"airline.sunset\"") && labels.Contains("partition=\""));
        Assert.Contains(PrometheusText.Labels(second, "kickstarter_deliveries_total"), labels => labels.Contains("grain_type=\"FlightGrain\""));
        Assert.Contains(PrometheusText.Labels(second, "kickstarter_rows_committed_total"), labels => labels.Contains("table=\"flight\""));
        Assert.Contains(PrometheusText.Labels(second, "kickstarter_epoch_duration_seconds_count"), labels => labels.Contains("job=\"flyer-stats\""));
        Assert.Contains(PrometheusText.Labels(second, "kickstarter_generator_records_total"), labels => labels.Contains("airline=\"skyone\""));
        // Seconds, not milliseconds: an epoch at a 2 s interval falls well inside the bucket bounds.
        Assert.Contains(PrometheusText.Labels(second, "kickstarter_epoch_duration_seconds_bucket"), labels => labels.Contains("le=\"0.5\""));

        // Ready, with each check named.
        using var ready = JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
        Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        var checks = ready.RootElement.GetProperty("checks");
        foreach (var check in new[] { "cluster", "kafka", "storage", "epochs" })
        {
            Assert.Equal("Healthy", checks.GetProperty(check).GetProperty("status").GetString());
        }

        Assert.NotEqual(0, checks.GetProperty("kafka").GetProperty("data").GetProperty("owned").GetArrayLength());
    }

    [Fact]
    public async Task ReadinessFailsNamingStorageWhenDynamoDbGoesAwayWhileLivenessHolds()
    {
        var dynalite = await DynaliteServer.StartAsync();
        var dynaliteRunning = true;
        try
        {
            await ReadinessTurnsAsync(dynalite, () => dynaliteRunning = false);
        }
        finally
        {
            if (dynaliteRunning)
            {
                await dynalite.DisposeAsync();
            }
        }
    }

    private async Task ReadinessTurnsAsync(DynaliteServer dynalite, Action stopped)
    {
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Committer:CommitInterval=00:00:01", "--Storage:Provider=DynamoDB", $"--Storage:DynamoDB:ServiceUrl={dynalite.ServiceUrl}",
            "--Storage:DynamoDB:AccessKey=ops", "--Storage:DynamoDB:SecretKey=ops-secret", "--Storage:DynamoDB:MaxRetries=1");
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.Until(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(90), "the silo becomes ready on dynalite");

        await dynalite.DisposeAsync(); // the storage service goes away
        stopped();

        JsonElement storage = default;
        await Eventually.Until(async () =>
        {
            var (status, checks) = await HealthEndpoints.ReadyAsync(http);
            storage = checks.GetProperty("storage");
            return status == HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(60), "readiness answers 503");
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.StartsWith("grain storage", storage.GetProperty("description").GetString());

        // Not ready is not dead: the process answers its liveness probe, so nothing restarts it for a storage outage.
        using var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.DoesNotContain("ops-secret", silo.Output, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync("/metrics");
        }
        catch (HttpRequestException)
        {
            return ""; // not listening yet
        }
    }
}
