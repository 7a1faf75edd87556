using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using Kickstarter.IntegrationTests.Infrastructure;

namespace Kickstarter.IntegrationTests.Pipeline;

/// <summary>
/// A fixed-seed input of a few thousand bookings through both jobs on a two-silo TestCluster, checked against
/// outputs computed independently from the input, in the Iceberg tables, the Kafka topics and the grains. Every topic
/// is Avro (Confluent wire format) through an embedded Schema Registry, as the Silo runs by default.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private const int Seed = 20261125;
    private readonly FlightInput _input =
        FlightInput.Generate(Seed, perAirline: 1500, flyers: 40, start: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);
    private PipelineCluster _pipeline = null!;

    public async Task InitializeAsync()
    {
        _pipeline = PipelineCluster.CreateInfrastructure(format: RecordFormat.Avro);
        // Bad Avro records first: every good record after them in their partitions must still arrive.
        await BadAvroRecords.ProduceAsync(
            _pipeline.Kafka.BootstrapServers, _pipeline.Registry!.Url, _pipeline.Serdes, Topics.Sunset, _input.Bookings[0].Booking);
        _input.Produce(_pipeline.Kafka.BootstrapServers, _pipeline.Serdes);
        // Maintenance after every epoch, as a long run would have it every few minutes.
        await _pipeline.StartSilosAsync(silos: 2, commitInterval: TimeSpan.FromHours(1),
            new Dictionary<string, string?> { ["Committer:MaintenanceInterval"] = "00:00:00.001" });
        var grains = _pipeline.Cluster.GrainFactory;
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _pipeline.DisposeAsync();

    [Fact]
    public void FlightTableHoldsEveryExpectedFlightOnce()
    {
        Assert.True(_input.ExpectedFlights().Count > 2000, "input too small to mean much");
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(_pipeline.Iceberg, _input);
    }

    [Fact]
    public void BadAvroRecordsGoToTheDeadLetterTopicWithTheirReason()
    {
        var dead = TopicReader.ReadAll(_pipeline.Kafka.BootstrapServers, Topics.DeadLetter, TimeSpan.FromMinutes(1))
            .Where(record => BadAvroRecords.ExpectedReasons.ContainsKey(record.Key))
            .ToList();

        // The dead-letter topic is at-least-once (README, delivery guarantees): a partition that moves to the second silo
        // is read again from the last complete epoch, and its bad records are dead-lettered again. So every bad record
        // is there, and any second copy is the same source record (same offset), never another one.
        Assert.Equal(
            BadAvroRecords.ExpectedReasons.Keys.Order(StringComparer.Ordinal),
            dead.Select(record => record.Key).Distinct().Order(StringComparer.Ordinal));
        Assert.All(dead.GroupBy(record => record.Key), copies =>
            Assert.Single(copies.Select(record => record.Headers["dlq.source.offset"]).Distinct()));
        Assert.All(dead, record =>
        {
            Assert.Contains(BadAvroRecords.ExpectedReasons[record.Key], record.Headers["dlq.reason"]);
            Assert.Equal(Topics.Sunset, record.Headers["dlq.source.topic"]);
            Assert.True(long.Parse(record.Headers["dlq.source.offset"], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        });
    }

    [Fact]
    public void RawTablesHoldEveryAcceptedBooking() => PipelineAssertions.RawTablesHoldEveryAcceptedBooking(_pipeline.Iceberg, _input);

    [Fact]
    public void FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId()
    {
        var copies = PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(
            _pipeline.Kafka.BootstrapServers, _input, _pipeline.Serdes);
        Assert.Equal(0, copies); // no crash, so no aborted or redone attempt
    }

    [Fact]
    public Task FlyerStatsAgreeEverywhereWithAnIndependentRecount() =>
        PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            _pipeline.Cluster.GrainFactory, _pipeline.Iceberg, _pipeline.Kafka.BootstrapServers, _input, _pipeline.Serdes);

    [Fact]
    public void TablesAreIcebergV2WithTheCommitterEpochInTheSummary()
    {
        using var metadata = _pipeline.Iceberg.Metadata(Tables.Flight);
        var root = metadata.RootElement;
        Assert.Equal(2, root.GetProperty("format-version").GetInt32());
        var summaries = root.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("summary"))
            .Where(s => s.GetProperty("operation").GetString() == "append").ToList();
        Assert.NotEmpty(summaries);
        Assert.All(summaries, s => Assert.Equal("consolidator", s.GetProperty("kickstarter.committer").GetString()));
        var epochs = summaries.Select(s => s.GetProperty("kickstarter.epoch").GetString()).ToList();
        Assert.Equal(epochs.Count, epochs.Distinct().Count());
    }

    [Fact]
    public void CompactionLeavesFewDataFilesPerPartitionWithEveryRow()
    {
        var compacted = 0;
        foreach (var table in new[] { Tables.Flight, Tables.SunsetAirline, Tables.SkyOneAirline, Tables.FlyerStats })
        {
            var files = _pipeline.Iceberg.DataFiles(table);
            var perPartition = files.GroupBy(f => Path.GetDirectoryName(f)!).ToList();
            Assert.All(perPartition, p => Assert.True(p.Count() <= 2, $"{table}: {p.Count()} files in {p.Key}"));
            using var metadata = _pipeline.Iceberg.Metadata(table);
            var operations = metadata.RootElement.GetProperty("snapshots").EnumerateArray()
                .Select(s => s.GetProperty("summary").GetProperty("operation").GetString()).ToList();
            if (operations.Count(o => o == "append") > 1)
            {
                // Several epochs wrote into the same partitions: maintenance must have merged them.
                Assert.Contains("replace", operations);
                compacted++;
            }
        }

        Assert.True(compacted > 0, "no table had more than one append, so compaction was not exercised");
        // Rows survive compaction: every table still holds exactly what the input says.
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(_pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(_pipeline.Iceberg, _input);
    }
}
