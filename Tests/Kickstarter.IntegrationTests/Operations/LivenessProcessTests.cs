using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.WedgeHook;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// Liveness on a wedged process: a real Silo process whose thread pool is starved by the startup hook of
/// <c>Tests/Kickstarter.WedgeHook</c> (loaded through <c>DOTNET_STARTUP_HOOKS</c>: work items that block until
/// released, as a sync-over-async deadlock in a library would leave them). Asked as the orchestrators ask,
/// <c>/health/live</c> then fails: the kubelet's probe (the timeout of <c>infra/k8s/deployment.yaml</c>'s
/// livenessProbe) gets no answer in time, and <c>--health-check</c> (the image's HEALTHCHECK and the ECS container
/// check) exits 1. Once the blocked items return, both pass again without a restart: the failure was the wedge, not a
/// dead process.
/// </summary>
/// <remarks>
/// A starved pool cannot run the request that would answer 503: Kestrel hands every request to the same pool, so
/// the probe times out, which every orchestrator counts as a failure. The thread pool check's own 503 is for a pool
/// that still serves requests but runs new work items late.
/// </remarks>
public sealed partial class LivenessProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-live-");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _workDir.DisposeAsync();

    [Fact]
    public async Task LiveProbeFailsWhileTheThreadPoolIsWedgedAndPassesOnceItRunsAgain()
    {
        var wedge = Directory.CreateDirectory(Path.Combine(_workDir.Path, "wedge")).FullName;
        var httpPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = ThreadPoolWedge.AssemblyPath,
            [ThreadPoolWedge.DirectoryVariable] = wedge,
        };
        await using var silo = SiloProcess.StartRaw(_workDir.Path, httpPort, environment,
            $"--http-port={httpPort}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", "--Kafka:Partitions=1", "--Generator:RatePerSecond=5");
        try
        {
            using var kubelet = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = LivenessProbeTimeout() };
            await Eventually.Until(async () => await LiveAsync(kubelet) == HttpStatusCode.OK,
                TimeSpan.FromSeconds(90), "the silo answers /health/live");
            Assert.Equal(0, await HealthCheckCommandAsync(httpPort));

            File.WriteAllText(Path.Combine(wedge, ThreadPoolWedge.WedgeFile), "");
            await Eventually.Until(() => File.Exists(Path.Combine(wedge, ThreadPoolWedge.WedgedFile)),
                TimeSpan.FromSeconds(30), "the hook has queued its blocking work items");
            Assert.Null(await LiveAsync(kubelet)); // no answer within the probe's timeout
            Assert.Equal(1, await HealthCheckCommandAsync(httpPort));
            Assert.False(silo.HasExited, "the silo exited instead of wedging");

            File.WriteAllText(Path.Combine(wedge, ThreadPoolWedge.ReleaseFile), "");
            await Eventually.Until(async () => await LiveAsync(kubelet) == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), "the silo is live again once its thread pool runs");
            Assert.Equal(0, await HealthCheckCommandAsync(httpPort));
        }
        catch
        {
            output.WriteLine(silo.Output); // what the silo said, for the failure report
            throw;
        }
    }

    /// <summary>The probe's answer, or null when it got none within its timeout (or was refused).</summary>
    private static async Task<HttpStatusCode?> LiveAsync(HttpClient kubelet)
    {
        try
        {
            using var response = await kubelet.GetAsync("/health/live");
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Runs <c>Kickstarter.Silo --health-check</c> as the image's HEALTHCHECK does; its exit code.</summary>
    private async Task<int> HealthCheckCommandAsync(int httpPort)
    {
        await using var check = SiloProcess.StartRaw(_workDir.Path, httpPort, ["--health-check"],
            new Dictionary<string, string> { ["Http__Port"] = httpPort.ToString(CultureInfo.InvariantCulture) });
        var exitCode = await check.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(check.Output.Trim());
        return exitCode;
    }

    /// <summary>The kubelet's timeout for the silo's liveness probe, as <c>infra/k8s/deployment.yaml</c> sets it.</summary>
    private static TimeSpan LivenessProbeTimeout()
    {
        var manifest = File.ReadAllText(Path.Combine(SiloProcess.RepositoryRoot(), "infra", "k8s", "deployment.yaml"));
        var probe = LivenessTimeout().Match(manifest);
        Assert.True(probe.Success, "infra/k8s/deployment.yaml has no livenessProbe with a timeoutSeconds");
        return TimeSpan.FromSeconds(int.Parse(probe.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"livenessProbe:(?:\n[ ]+[^\n]*?)*?\n[ ]+timeoutSeconds:[ ]*(\d+)")]
    private static partial Regex LivenessTimeout();
}
