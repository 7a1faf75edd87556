using System.Globalization;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The consolidator committer's prepare write fails, once before it is stored and once after (it landed and still
/// reported an error). The committer must act on what storage says: an epoch not recorded as prepared is abandoned
/// and never committed, its rows are handed again; an epoch that is recorded is committed once, its rows not again.
/// </summary>
[Collection(FaultingCommitterStorage.Collection)]
public sealed class CommitterStateWriteFaultTests
{
    private readonly FlightInput _input =
        FlightInput.Generate(seed: 7373, perAirline: 600, flyers: 20, start: new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);

    [Theory]
    [InlineData(CommitterWriteFault.FailsBeforeStoring)]
    [InlineData(CommitterWriteFault.LandsThenFails)]
    public async Task AFailedPrepareWriteLeavesEveryOutputExactlyOnce(CommitterWriteFault fault)
    {
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        _input.Produce(pipeline.Kafka.BootstrapServers);
        await pipeline.StartSilosAsync<FaultingStorageSiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1));
        var grains = pipeline.Cluster.GrainFactory;
        var committer = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);

        FaultingCommitterStorage.Arm(ConsolidatorJob.Definition.Name, fault);
        var failures = new List<Exception>();
        await Eventually.Until(async () =>
        {
            try
            {
                await committer.CommitNowAsync(final: false);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }

            return FaultingCommitterStorage.FailedEpoch is not null;
        }, TimeSpan.FromMinutes(1), "an epoch with rows reaches its prepare write");
        // The epoch that met the fault failed, and only it.
        Assert.Contains("injected", Assert.Single(failures).ToString(), StringComparison.Ordinal);
        var failed = FaultingCommitterStorage.FailedEpoch!.Value;

        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(1));

        // The failed epoch is in the tables' history only if storage recorded it as prepared, and then only once.
        var committed = new[] { Tables.Flight, Tables.SunsetAirline, Tables.SkyOneAirline }.Select(table => CommittedEpochs(pipeline, table)).ToList();
        Assert.Equal(fault == CommitterWriteFault.LandsThenFails, committed.Any(epochs => epochs.Contains(failed)));
        Assert.All(committed, epochs => Assert.Equal(epochs.Count, epochs.Distinct().Count()));

        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(pipeline.Kafka.BootstrapServers, _input);
        await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            grains, pipeline.Iceberg, pipeline.Kafka.BootstrapServers, _input);
    }

    private static List<long> CommittedEpochs(PipelineCluster pipeline, string table)
    {
        using var metadata = pipeline.Iceberg.Metadata(table);
        return
        [
            .. metadata.RootElement.GetProperty("snapshots").EnumerateArray()
                .Select(snapshot => snapshot.GetProperty("summary"))
                .Where(summary => summary.TryGetProperty("kickstarter.epoch", out _))
                .Select(summary => long.Parse(summary.GetProperty("kickstarter.epoch").GetString()!, CultureInfo.InvariantCulture)),
        ];
    }
}
