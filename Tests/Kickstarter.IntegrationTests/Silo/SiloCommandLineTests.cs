using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>The Silo executable's own commands, run as a user (or a container HEALTHCHECK) runs them.</summary>
public sealed class SiloCommandLineTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("kickstarter-cli-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("embedded-kafka", "--help")]
    public async Task HelpPrintsTheSwitchesAndExitsZeroWithoutStartingAnything(params string[] args)
    {
        await using var silo = SiloProcess.StartRaw(_workDir, 0, args);
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        string[] switches = ["Usage:", "--duration", "--apps", "--warehouse", "--http-port", "embedded-kafka", "--health-check"];
        foreach (var expected in switches)
        {
            Assert.Contains(expected, silo.Output);
        }

        // Nothing started: no embedded Kafka banner (of the silo or of the embedded-kafka command), no warehouse folder.
        Assert.DoesNotContain("Kafka (embedded)", silo.Output);
        Assert.DoesNotContain("Embedded Kafka cluster:", silo.Output);
        Assert.False(Directory.Exists(Path.Combine(_workDir, "warehouse")));
    }

    [Fact]
    public async Task HealthCheckFailsWhenNoSiloAnswers()
    {
        var port = FreePort.Next();
        await using var check = SiloProcess.StartRaw(_workDir, port, "--health-check", $"--http-port={port}");
        Assert.Equal(1, await check.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"127.0.0.1:{port}/health/live did not answer", check.Output);
    }

    [Fact]
    public async Task HealthCheckPassesAgainstARunningSiloReadingThePortFromTheEnvironmentLikeTheImage()
    {
        var httpPort = FreePort.Next();
        await using var silo = SiloProcess.Start(_workDir, httpPort, "--duration", "120s",
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}");
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        await Eventually.Until(async () =>
        {
            try
            {
                return (await http.GetAsync("/health/live")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), "the silo answers /health/live");

        // The image sets Http__Port in the environment and runs `start-silo --health-check`; do the same.
        await using var check = SiloProcess.StartRaw(_workDir, httpPort, ["--health-check"],
            new Dictionary<string, string> { ["Http__Port"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(0, await check.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"127.0.0.1:{httpPort}/health/live answered 200", check.Output);
    }
}
