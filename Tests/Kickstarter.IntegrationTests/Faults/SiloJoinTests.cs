using System.Globalization;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A silo joins in the middle of an epoch, after the committer read membership and before its barrier, and takes
/// grains with keys it never saw (flight numbers of the second half of the input); then it is killed. Its grains
/// applied records the epoch's barrier positions cover, and no snapshot of that epoch reached them: the epoch must
/// be abandoned (membership changed between barrier and prepare), so the job rewinds and nothing is lost; nothing is
/// doubled either. Grain state on DynamoDB (dynalite), as in production, so the killed silo takes no stored state.
/// </summary>
public sealed class SiloJoinTests(ITestOutputHelper output)
{
    private readonly FlightInput _input =
        FlightInput.Generate(seed: 4242, perAirline: 700, flyers: 20, start: new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            rate: 2);

    [Fact]
    public async Task ASiloJoiningMidEpochAbandonsItAndItsDeathLosesAndDoublesNothing()
    {
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        var half = _input.Bookings.Count / 2;
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, 0, half);
        await pipeline.StartSilosAsync<GatedStorageSiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1),
            new Dictionary<string, string?>(PipelineCluster.DynamoDbState(dynalite.ServiceUrl, "join"))
            {
                ["Committer:StepTimeout"] = "00:00:10",
            });
        var cluster = pipeline.Cluster;
        var grains = cluster.GrainFactory;
        var committer = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);
        await Eventually.Until(async () => (await committer.CommitNowAsync(final: false)).RowsCommitted > 0,
            TimeSpan.FromMinutes(1), "the first half is being committed on one silo");

        // The next epoch reads membership, then waits at its start write while a silo joins and takes new keys.
        EpochStartGate.Arm(ConsolidatorJob.Definition.Name);
        var epoch = committer.CommitNowAsync(final: false);
        await EpochStartGate.Reached.WaitAsync(TimeSpan.FromMinutes(1));
        var joined = await cluster.StartAdditionalSiloAsync();
        output.WriteLine($"joined: {joined.SiloAddress}");
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, half, _input.Bookings.Count - half);
        var management = grains.GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () => await FlightGrainsOnAsync(management, joined.SiloAddress) > 0,
            TimeSpan.FromMinutes(1), "flight grains of new flight numbers are active on the joined silo");
        var joinedGrains = await FlightGrainsOnAsync(management, joined.SiloAddress);
        output.WriteLine($"flight grains on the joined silo before its death: {joinedGrains}");

        EpochStartGate.Release();
        var abandoned = await Assert.ThrowsAsync<MembershipChangedException>(() => epoch);
        output.WriteLine(abandoned.Message);

        await cluster.KillSiloAsync(joined);
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(3));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));

        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(pipeline.Kafka.BootstrapServers, _input);
        await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            grains, pipeline.Iceberg, pipeline.Kafka.BootstrapServers, _input);
        Assert.Contains(CapturedLogs.Lines, line => line.Contains(
            string.Create(CultureInfo.InvariantCulture,
                $"membership changed between the barrier and the prepare of epoch {abandoned.Epoch}"),
            StringComparison.Ordinal));
    }

    private static async Task<int> FlightGrainsOnAsync(IManagementGrain management, SiloAddress silo)
    {
        var statistics = await management.GetDetailedGrainStatistics(hostsIds: [silo]);
        return statistics.Count(grain => grain.GrainType.Contains(nameof(FlightGrain), StringComparison.Ordinal));
    }
}
