using Kickstarter.Grains.Hosting;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Jobs;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Grains.Serialization;
using Microsoft.Extensions.Configuration;

namespace Kickstarter.UnitTests;

public class JobDefinitionTests
{
    [Fact]
    public void EveryRegisteredJobsGrainClassSubscribesToItsSources()
    {
        Assert.All(JobCatalog.All, job => Assert.Null(job.GrainClassProblem()));
    }

    [Fact]
    public void AGrainClassMissingASourceSubscriptionIsNamed()
    {
        var wrong = new JobDefinition
        {
            Name = "mismatched",
            SettingName = "Mismatched",
            StreamProvider = "kafka-mismatched",
            SourceTopics = [Topics.Flight],
            DeserializerFor = serdes => new FlightDeserializer(serdes),
            GrainClass = typeof(FlightGrain), // subscribes to the airline topics, not airline.flight
            Outputs = [],
        };

        var problem = wrong.GrainClassProblem();

        Assert.NotNull(problem);
        Assert.Contains("airline.flight", problem);
        Assert.Contains("FlightGrain", problem);
    }

    [Fact]
    public void AClassThatIsNotAJobGrainIsNamed()
    {
        var wrong = ConsolidatorJob.Definition;
        var problem = new JobDefinition
        {
            Name = wrong.Name,
            SettingName = wrong.SettingName,
            StreamProvider = wrong.StreamProvider,
            SourceTopics = wrong.SourceTopics,
            DeserializerFor = wrong.DeserializerFor,
            GrainClass = typeof(string),
            Outputs = wrong.Outputs,
        }.GrainClassProblem();

        Assert.Contains("does not implement IJobGrain", problem);
    }

    [Fact]
    public void TopicsAreEverySourceAndOutputTopicOnceThenTheDeadLetterTopic()
    {
        Assert.Equal(
            [Topics.Sunset, Topics.SkyOne, Topics.Flight, Topics.FlyerStats, Topics.DeadLetter],
            JobCatalog.Topics);
    }

    [Fact]
    public void EveryTableBelongsToExactlyOneJob()
    {
        Assert.Equal(
            [Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats],
            JobCatalog.Tables.Select(table => table.Name));
        Assert.Equal(JobCatalog.Tables.Count, JobCatalog.Tables.Select(table => table.Name).Distinct().Count());
    }

    [Fact]
    public void ConfigurationSelectsJobsUnderTheNewAndTheOldKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kickstarter:Jobs:0"] = "FlyerStats",
            ["Kickstarter:Apps:0"] = "Generator, consolidator",
        }).Build();

        var names = JobSelection.Read(configuration);

        Assert.Equal(["FlyerStats", "Generator", "consolidator"], names);
        Assert.Equal([ConsolidatorJob.Definition, FlyerStatsJob.Definition], JobCatalog.Selected(names));
    }

    [Fact]
    public void OneEntryWithCommasSelectsSeveralJobs()
    {
        // As one environment variable sets it: Kickstarter__Jobs__0=Consolidator,FlyerStats
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kickstarter:Jobs:0"] = "Consolidator,FlyerStats",
        }).Build();

        Assert.Equal(["Consolidator", "FlyerStats"], JobSelection.Read(configuration));
    }

    [Fact]
    public void OneValueWithoutAnIndexSelectsTheJobs()
    {
        // As older infra/k8s ConfigMaps set it (infra/k8s now sets Kickstarter__Jobs): one value, no index.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kickstarter:Apps"] = "Consolidator,FlyerStats",
        }).Build();

        Assert.Equal(["Consolidator", "FlyerStats"], JobSelection.Read(configuration));
        Assert.Equal(["Consolidator", "FlyerStats"], JobsOptions.FromConfiguration(configuration).Jobs);
    }

    [Fact]
    public void JobOptionsReadTheSilosKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "broker:9092",
            ["Kafka:Partitions"] = "3",
            ["Kafka:Properties:security.protocol"] = "SASL_SSL",
            ["Iceberg:Warehouse"] = "/data/warehouse",
            ["Kickstarter:Jobs:0"] = "Consolidator",
        }).Build();

        var options = JobsOptions.FromConfiguration(configuration);

        Assert.Equal("broker:9092", options.BootstrapServers);
        Assert.Equal(3, options.Partitions);
        Assert.Equal("SASL_SSL", options.KafkaProperties["security.protocol"]);
        Assert.Equal("/data/warehouse", options.Warehouse);
        Assert.Equal(["Consolidator"], options.Jobs);
    }

    [Fact]
    public void FlightOutputsAreOrderedByEventTimeThenConfirmationCodeAndKeyedByEmail()
    {
        var outputs = new EpochOutputs();
        ConsolidatorJob.Flights.AddTo(
            outputs, [Timed(20, "B", "x@email.com"), Timed(10, "Z", "y@email.com"), Timed(20, "A", "z@email.com")]);

        var staged = ConsolidatorJob.Flights.Stage(outputs, PipelineSerdes.Json);

        Assert.Equal(["Z", "A", "B"], staged.TableRows.Select(row => (string)row[6]!));
        Assert.Equal(["y@email.com", "z@email.com", "x@email.com"], staged.KafkaRecords.Select(record => record.Key));
        Assert.All(staged.KafkaRecords, record => Assert.Equal(Topics.Flight, record.Topic));
        Assert.Equal([10L, 20, 20], staged.KafkaRecords.Select(record => record.TimestampMs));
    }

    [Fact]
    public void RawBookingOutputsHaveNoTopic()
    {
        Assert.Null(ConsolidatorJob.SunsetBookings.Topic);
        Assert.Null(ConsolidatorJob.SkyOneBookings.Topic);
        Assert.Empty(ConsolidatorJob.SunsetBookings.Stage(new EpochOutputs(), PipelineSerdes.Json).KafkaRecords);
    }

    private static Timed<Flight> Timed(long timestampMs, string confirmationCode, string email) =>
        new(timestampMs,
            new Flight(email, "2026-05-01 10:00:00", "ATL", "2026-05-01 12:30:00", "SEA", "SUN1", confirmationCode, "Sunset"));
}
