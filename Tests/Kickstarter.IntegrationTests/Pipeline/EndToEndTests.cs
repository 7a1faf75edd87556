using System.Text.Json;
using Kickstarter.Grains.Epochs;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.IntegrationTests.Infrastructure;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// A fixed-seed input of a few thousand bookings through both jobs on a two-silo TestCluster, checked against
/// outputs computed independently from the input, in the Iceberg tables, the Kafka topics and the grains.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private const int Seed = 20261125;
    private readonly FlightInput _input = FlightInput.Generate(Seed, perAirline: 1500, flyers: 40, start: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);
    private PipelineCluster _pipeline = null!;

    public async Task InitializeAsync()
    {
        _pipeline = PipelineCluster.CreateInfrastructure();
        _input.Produce(_pipeline.Kafka.BootstrapServers);
        await _pipeline.StartSilosAsync(silos: 2, commitInterval: TimeSpan.FromHours(1));
        var grains = _pipeline.Cluster.GrainFactory;
        await JobDrainer.DrainAsync(grains, Jobs.Consolidator, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, Jobs.FlyerStats, PipelineCluster.Partitions, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public void FlightTableHoldsEveryExpectedFlightOnce()
    {
        var rows = _pipeline.Iceberg.Rows(Tables.Flight);
        var actual = rows.Select(r => ((string)r["email_address"]!, (string)r["flight_number"]!, (string)r["confirmation_code"]!,
            (string)r["airline"]!, (string)r["departure_time"]!, (string)r["arrival_time"]!)).ToList();
        var expected = _input.ExpectedFlights();
        Assert.True(expected.Count > 2000, $"input too small to mean much: {expected.Count} flights");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.OrderBy(f => f.Code).ThenBy(f => f.FlightNumber), actual.OrderBy(f => f.Item3).ThenBy(f => f.Item2));
    }

    [Fact]
    public void RawTablesHoldEveryAcceptedBooking()
    {
        foreach (var airline in Airline.All)
        {
            var rows = _pipeline.Iceberg.Rows(airline.RawTable);
            var expected = _input.Accepted().Where(b => b.Airline == airline).Select(b => b.Booking.ConfirmationCode + b.Booking.FlightNumber).Order().ToList();
            Assert.Equal(expected, rows.Select(r => (string)r["confirmation_code"]! + (string)r["flight_number"]!).Order().ToList());
            var prices = rows.Select(r => Convert.ToDecimal(r["ticket_price"])).ToList();
            Assert.All(prices, p => Assert.InRange(p, 500m, 1499m));
        }
    }

    [Fact]
    public void FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId()
    {
        var records = TopicReader.ReadAll(_pipeline.Kafka.BootstrapServers, Topics.Flight, TimeSpan.FromMinutes(1));
        // Ids number records per partition: the same id on two partitions is two records.
        var byId = records.GroupBy(r => (r.Partition, Id: r.Headers["kickstarter-id"])).ToList();
        Assert.All(byId, g => Assert.Single(g.Select(r => r.Value).Distinct()));
        var flights = byId.Select(g => JsonSerializer.Deserialize(g.First().Value, PipelineJsonForTests.Flight)!).ToList();
        var expected = _input.ExpectedFlights().Select(f => f.Code + f.FlightNumber).Order().ToList();
        Assert.Equal(expected, flights.Select(f => f.ConfirmationCode + f.FlightNumber).Order().ToList());
        Assert.All(records, r => Assert.Equal(JsonSerializer.Deserialize(r.Value, PipelineJsonForTests.Flight)!.EmailAddress, r.Key));
    }

    [Fact]
    public async Task FlyerStatsAgreeEverywhereWithAnIndependentRecount()
    {
        var expected = _input.ExpectedStats();
        var grains = _pipeline.Cluster.GrainFactory;
        foreach (var (email, (minutes, flights)) in expected)
        {
            var live = await grains.GetGrain<IFlyerStatsGrain>(email).GetStatsAsync();
            Assert.Equal(new FlyerStats(email, minutes, flights), live);
        }

        var tableRows = _pipeline.Iceberg.Rows(Tables.FlyerStats)
            .Select(r => new FlyerStats((string)r["email_address"]!, Convert.ToInt64(r["total_flight_duration"]), Convert.ToInt64(r["number_of_flights"])))
            .ToList();
        var topicRows = TopicReader.ReadAll(_pipeline.Kafka.BootstrapServers, Topics.FlyerStats, TimeSpan.FromMinutes(1))
            .GroupBy(r => (r.Partition, Id: r.Headers["kickstarter-id"])).Select(g => JsonSerializer.Deserialize(g.First().Value, PipelineJsonForTests.FlyerStats)!)
            .ToList();
        foreach (var rows in new[] { tableRows, topicRows })
        {
            // Each window a flyer flew in is emitted once, and the cumulative count only grows.
            Assert.Equal(rows.Count, rows.Select(r => (r.EmailAddress, r.NumberOfFlights)).Distinct().Count());
            var final = rows.GroupBy(r => r.EmailAddress).ToDictionary(g => g.Key, g => g.MaxBy(r => r.NumberOfFlights)!);
            Assert.Equal(expected.Keys.Order(), final.Keys.Order());
            Assert.All(expected, e => Assert.Equal((e.Value.Minutes, e.Value.Flights), (final[e.Key].TotalFlightDuration, final[e.Key].NumberOfFlights)));
            var windows = _input.ExpectedWindowCounts();
            Assert.All(windows, w => Assert.Equal(w.Value, rows.Count(r => r.EmailAddress == w.Key)));
        }
    }

    [Fact]
    public void TablesAreIcebergV2WithTheCommitterEpochInTheSummary()
    {
        using var metadata = _pipeline.Iceberg.Metadata(Tables.Flight);
        var root = metadata.RootElement;
        Assert.Equal(2, root.GetProperty("format-version").GetInt32());
        var summaries = root.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("summary")).ToList();
        Assert.NotEmpty(summaries);
        Assert.All(summaries, s => Assert.Equal("consolidator", s.GetProperty("kickstarter.committer").GetString()));
        var epochs = summaries.Select(s => s.GetProperty("kickstarter.epoch").GetString()).ToList();
        Assert.Equal(epochs.Count, epochs.Distinct().Count());
    }
}

internal static class PipelineJsonForTests
{
    public static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<Flight> Flight = Kickstarter.Grains.Serialization.PipelineJson.Default.Flight;
    public static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<FlyerStats> FlyerStats = Kickstarter.Grains.Serialization.PipelineJson.Default.FlyerStats;
}
