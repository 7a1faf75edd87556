using System.Net;
using System.Text.Json;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>The Silo executable as a user runs it: embedded defaults, a bounded run, the HTTP API and the dashboard.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("kickstarter-silo-").FullName;

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

    private SiloProcess Start(params string[] args) =>
        SiloProcess.Start(_workDir, SiloProcess.FreePort(),
            [$"--Orleans:SiloPort={SiloProcess.FreePort()}", $"--Orleans:GatewayPort={SiloProcess.FreePort()}", .. args]);

    [Fact]
    public async Task BoundedRunFillsTopicsAndTablesAndAnswersLiveQueries()
    {
        await using var silo = Start("--duration", "40s", "--Generator:Seed=7", "--Generator:RatePerSecond=30",
            "--Committer:CommitInterval=00:00:02", "--Kafka:Partitions=4");
        var bootstrap = await silo.KafkaBootstrap.WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        // Live: wait until Flyer Stats has committed something, then ask the grains about a flyer it wrote.
        await Eventually(async () =>
        {
            var statuses = JsonDocument.Parse(await http.GetStringAsync("/committers")).RootElement;
            return statuses.EnumerateArray().Any(s => s.GetProperty("job").GetString() == "flyer-stats" && s.GetProperty("rowsCommitted").GetInt64() > 0);
        }, TimeSpan.FromSeconds(90), "flyer-stats commits rows");

        var stats = TopicReader.ReadAll(bootstrap, Topics.FlyerStats, TimeSpan.FromSeconds(30));
        Assert.NotEmpty(stats);
        var email = stats[0].Key;
        var response = await http.GetAsync($"/flyers/{email}/stats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(email, body.GetProperty("email_address").GetString());
        Assert.True(body.GetProperty("number_of_flights").GetInt64() >= 1);
        Assert.True(body.GetProperty("total_flight_duration").GetInt64() >= 60);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/flyers/NOBODY@email.com/stats")).StatusCode);

        var flights = TopicReader.ReadAll(bootstrap, Topics.Flight, TimeSpan.FromSeconds(30));
        Assert.NotEmpty(flights);
        var flightNumber = JsonDocument.Parse(flights[0].Value).RootElement.GetProperty("flight_number").GetString();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/flights/{flightNumber}")).StatusCode);
        Assert.NotEmpty(TopicReader.ReadAll(bootstrap, Topics.Sunset, TimeSpan.FromSeconds(30)));
        Assert.NotEmpty(TopicReader.ReadAll(bootstrap, Topics.SkyOne, TimeSpan.FromSeconds(30)));

        await AssertDashboardRendersAsync(silo.BaseAddress);

        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        var iceberg = new IndependentIcebergReader(Path.Combine(_workDir, "warehouse"));
        foreach (var table in new[] { Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats })
        {
            Assert.NotEmpty(iceberg.Rows(table));
        }

        // The final commit released everything: the table's last stats for a flyer are its totals over the flight table.
        var flightRows = iceberg.Rows(Tables.Flight);
        var statRows = iceberg.Rows(Tables.FlyerStats);
        var flown = flightRows.GroupBy(r => (string)r["email_address"]!).ToDictionary(g => g.Key, g => (long)g.Count());
        var final = statRows.GroupBy(r => (string)r["email_address"]!).ToDictionary(g => g.Key, g => g.Max(r => Convert.ToInt64(r["number_of_flights"])));
        Assert.Equal(flown.OrderBy(kv => kv.Key), final.OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("--Generator:RatePerSecond=-5", "Generator:RatePerSecond")]
    [InlineData("--apps=Generator,Teleporter", "Kickstarter:Apps")]
    [InlineData("--Kafka:BootstrapServers=127.0.0.1:1", "Kafka:BootstrapServers")]
    public async Task BadConfigurationStopsStartWithOneMessageNamingTheSetting(string arg, string setting)
    {
        await using var silo = Start(arg);
        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(setting, silo.Output);
        Assert.Contains("Kickstarter cannot start", silo.Output);
    }

    private static async Task AssertDashboardRendersAsync(Uri baseAddress)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(baseAddress, "/dashboard/").ToString());
        // The brand header is rendered by the dashboard's script: it proves the app ran, not just that HTML was served.
        var title = page.Locator("h1.brand-title");
        await title.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("Orleans Dashboard", await title.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard.png") });
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(250);
        }
    }
}
