using System.Globalization;
using System.Net;
using System.Text.Json;
using Avro;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
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
        SiloProcess.Start(_workDir, FreePort.Next(), [$"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", .. args]);

    [Fact]
    public async Task DefaultRunStartsEmbeddedKafkaServesTheDashboardAndStopsAfterItsDuration()
    {
        await using var silo = Start("--duration", "20s", "--Committer:CommitInterval=00:00:02");
        await silo.KafkaBootstrap.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("Kafka (embedded)", silo.Output);
        // The banner's next line: read after the Kafka line has signalled, so waited for (CI stop 17 asserted it too early).
        await silo.WaitForOutputAsync("Schema Registry (embedded): http://127.0.0.1:", TimeSpan.FromSeconds(10));
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        await Eventually.Until(async () => await CommitterStatuses.RowsCommittedAsync(http, "consolidator") > 0, TimeSpan.FromSeconds(60),
            "the consolidator commits rows");
        using (var ready = JsonDocument.Parse(await http.GetStringAsync("/health/ready")))
        {
            Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        }

        await AssertDashboardRendersAsync(silo.BaseAddress);

        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        // The tables of a --duration run, read by icebird (an Iceberg reader written by others) and by DuckDB over
        // the files our own Avro reading finds: both see the same rows.
        var iceberg = new IndependentIcebergReader(Path.Combine(_workDir, "warehouse"));
        foreach (var table in new[] { Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats })
        {
            var rows = iceberg.Rows(table);
            Assert.NotEmpty(rows);
            var byIcebird = IcebirdReader.ReadTable(new Uri(iceberg.TablePath(table)).AbsoluteUri);
            Assert.Equal(rows.Count, byIcebird.Count);
            Assert.Equal(
                rows.Select(r => (string)r["email_address"]!).Order(),
                byIcebird.Select(r => r.GetProperty("email_address").GetString()!).Order());
        }
    }

    /// <summary>
    /// The standalone embedded Kafka and Schema Registry, a bounded Avro run against them, and every topic read back
    /// by an independent Avro decoder (Apache.Avro fed the writer's schema fetched by id over plain HTTP).
    /// </summary>
    [Fact]
    public async Task BoundedRunOnStandaloneKafkaFillsEveryTopicAndTableAndAnswersLiveQueries()
    {
        await using var kafka = await StandaloneKafka.StartAsync(partitions: 4);
        var bootstrap = kafka.BootstrapServers;
        var registryUrl = kafka.SchemaRegistryUrl;
        using var avro = new IndependentAvroReader(registryUrl);

        await using var silo = Start(["--duration", "30s", "--Generator:Seed=7", "--Generator:RatePerSecond=30",
            "--Committer:CommitInterval=00:00:02", "--Kafka:Partitions=4", .. kafka.SiloSwitches]);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        // Live: a flyer seen in airline.flight answers from its grain, before any window has closed.
        var flights = new List<ReadRecord>();
        await Eventually.Until(() =>
        {
            flights = TopicReader.ReadAll(bootstrap, Topics.Flight, TimeSpan.FromSeconds(30));
            return flights.Count > 0;
        }, TimeSpan.FromSeconds(60), "the consolidator commits flights to airline.flight");
        var email = flights[0].Key;
        await Eventually.Until(async () => (await http.GetAsync($"/flyers/{email}/stats")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the flyer's grain has its flights");
        var body = JsonDocument.Parse(await http.GetStringAsync($"/flyers/{email}/stats")).RootElement;
        Assert.Equal(email, body.GetProperty("email_address").GetString());
        Assert.True(body.GetProperty("number_of_flights").GetInt64() >= 1);
        Assert.True(body.GetProperty("total_flight_duration").GetInt64() >= 60);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/flyers/NOBODY@email.com/stats")).StatusCode);
        var flightNumber = (string)avro.Read(flights[0].Bytes)["flight_number"];
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/flights/{flightNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/flights/SUN5000")).StatusCode);

        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromMinutes(3)));

        // After the final commit: every topic holds Avro records of the original's record names, decoded independently.
        foreach (var topic in new[] { Topics.Sunset, Topics.SkyOne })
        {
            var bookings = TopicReader.ReadAll(bootstrap, topic, TimeSpan.FromSeconds(30)).Select(r => (r.Key, Value: avro.Read(r.Bytes))).ToList();
            Assert.NotEmpty(bookings);
            Assert.All(bookings, b => Assert.Equal("kickstarter.model.AirlineAvroData", b.Value.Schema.Fullname));
            Assert.All(bookings, b => Assert.Equal(b.Key, (string)b.Value["flight_number"]));
            Assert.All(bookings, b => Assert.Equal(2, ((AvroDecimal)b.Value["ticket_price"]).Scale));
            Assert.All(bookings, b => Assert.InRange(((AvroDecimal)b.Value["ticket_price"]).ToType<decimal>(), 500m, 1499m));
        }

        var flightRecords = TopicReader.ReadAll(bootstrap, Topics.Flight, TimeSpan.FromSeconds(30))
            .DistinctBy(r => (r.Partition, r.Headers["kickstarter-id"]))
            .Select(r => (r.Key, Value: avro.Read(r.Bytes))).ToList();
        Assert.All(flightRecords, f => Assert.Equal("kickstarter.model.FlightAvroData", f.Value.Schema.Fullname));
        Assert.All(flightRecords, f => Assert.Equal(f.Key, (string)f.Value["email_address"]));
        var flightCounts = flightRecords.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => (long)g.Count());
        var statsRecords = TopicReader.ReadAll(bootstrap, Topics.FlyerStats, TimeSpan.FromSeconds(30)).Select(r => avro.Read(r.Bytes)).ToList();
        Assert.All(statsRecords, s => Assert.Equal("kickstarter.model.FlyerStatsAvroData", s.Schema.Fullname));
        var topicStats = statsRecords
            .GroupBy(s => (string)s["email_address"])
            .ToDictionary(g => g.Key, g => g.Max(s => (long)s["number_of_flights"]));
        Assert.Equal(flightCounts.OrderBy(kv => kv.Key), topicStats.OrderBy(kv => kv.Key));
        // TopicNameStrategy: one subject per topic, <topic>-value.
        using var registry = new HttpClient();
        var subjects = JsonSerializer.Deserialize<string[]>(await registry.GetStringAsync($"{registryUrl}/subjects"))!;
        Assert.Equal(
            new[] { Topics.Sunset, Topics.SkyOne, Topics.Flight, Topics.FlyerStats }.Select(topic => topic + "-value").Order(StringComparer.Ordinal),
            subjects.Order(StringComparer.Ordinal));

        var iceberg = new IndependentIcebergReader(Path.Combine(_workDir, "warehouse"));
        Assert.NotEmpty(iceberg.Rows(Tables.SunsetAirline));
        Assert.NotEmpty(iceberg.Rows(Tables.SkyOneAirline));
        var tableFlights = iceberg.Rows(Tables.Flight).GroupBy(r => (string)r["email_address"]!).ToDictionary(g => g.Key, g => (long)g.Count());
        var tableStats = iceberg.Rows(Tables.FlyerStats).GroupBy(r => (string)r["email_address"]!)
            .ToDictionary(g => g.Key, g => g.Max(r => Convert.ToInt64(r["number_of_flights"], CultureInfo.InvariantCulture)));
        Assert.Equal(flightCounts.OrderBy(kv => kv.Key), tableFlights.OrderBy(kv => kv.Key));
        Assert.Equal(flightCounts.OrderBy(kv => kv.Key), tableStats.OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("Generator:RatePerSecond", "--Generator:RatePerSecond=-5")]
    [InlineData("Kickstarter:Apps", "--apps=Generator,Teleporter")]
    [InlineData("Kafka:BootstrapServers", "--Kafka:BootstrapServers=127.0.0.1:1", "--Kafka:Format=Json")]
    [InlineData("SchemaRegistry:Url", "--Kafka:BootstrapServers=127.0.0.1:1")]
    [InlineData("Kafka:Format", "--Kafka:Format=Protobuf")]
    public async Task BadConfigurationStopsStartWithOneMessageNamingTheSetting(string setting, params string[] args)
    {
        await using var silo = Start(args);
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
}
