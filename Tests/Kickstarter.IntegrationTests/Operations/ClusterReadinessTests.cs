using System.Text.Json;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Silo.Hosting;
using Kickstarter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// The cluster readiness check through a whole silo life, on the real Silo host built in this process
/// (<see cref="SiloHost.BuildAsync"/>: the same registrations <c>/health/ready</c> runs, the real Orleans membership):
/// Unhealthy before the silo has joined, Healthy once it is an active member and the host has started (also over
/// HTTP), Unhealthy from the moment it begins to stop. The probe answers over HTTP only while Kestrel listens, which
/// is after Orleans has joined and until the stop begins (a probe before or after is refused, which orchestrators
/// count as a failure); the check itself is asked through the host's <see cref="HealthCheckService"/> around that.
/// </summary>
/// <remarks>
/// The silo runs in this process with its telemetry and Kafka receivers, which are process-wide: so it runs alone, in
/// the process-wide telemetry collection, and no other test's pipeline shares them.
/// </remarks>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class ClusterReadinessTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-cluster-ready-");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _workDir.DisposeAsync();

    [Fact]
    public async Task ClusterCheckIsHealthyOnlyWhileTheSiloIsAnActiveMember()
    {
        var httpPort = FreePort.Next();
        var app = await SiloHost.BuildAsync(
        [
            $"--http-port={httpPort}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", "--jobs", "FlyerStats", "--Kafka:Partitions=1",
            $"--Iceberg:Warehouse={Path.Combine(_workDir.Path, "warehouse")}",
        ]);
        await using (app)
        {
            var health = app.Services.GetRequiredService<HealthCheckService>();

            // Built, not started: the silo has not joined.
            var before = await ClusterAsync(health);
            Assert.Equal(HealthStatus.Unhealthy, before.Status);
            Assert.NotEqual("Active", before.Data["status"]);
            Assert.StartsWith("not an active member of the cluster", before.Description);

            await app.StartAsync();
            await Eventually.Until(async () => (await ClusterAsync(health)).Status == HealthStatus.Healthy,
                TimeSpan.FromSeconds(60), "the cluster check turns healthy once the silo has joined and the host has started");
            var joined = await ClusterAsync(health);
            Assert.Equal("Active", joined.Data["status"]);
            Assert.Equal(true, joined.Data["host_started"]);
            Assert.Equal(1, joined.Data["active_silos"]);

            // The same over HTTP, as a probe asks it.
            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) })
            {
                using var response = await http.GetAsync("/health/ready");
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var cluster = body.RootElement.GetProperty("checks").GetProperty("cluster");
                Assert.Equal("Healthy", cluster.GetProperty("status").GetString());
                Assert.Equal("Active", cluster.GetProperty("data").GetProperty("status").GetString());
            }

            // Stopping: not ready from the moment the stop begins, and not an active member once Orleans has stopped.
            var stopping = app.StopAsync();
            await Eventually.Until(async () => (await ClusterAsync(health)).Status == HealthStatus.Unhealthy,
                TimeSpan.FromSeconds(60), "the cluster check turns unhealthy once the silo begins to stop");
            await stopping;
            var stopped = await ClusterAsync(health);
            Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
            Assert.NotEqual("Active", stopped.Data["status"]);
            Assert.Equal(false, stopped.Data["host_started"]);
            Assert.StartsWith("not an active member of the cluster", stopped.Description);
        }
    }

    private static async Task<HealthReportEntry> ClusterAsync(HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(registration => registration.Name == "cluster");
        return report.Entries["cluster"];
    }
}
