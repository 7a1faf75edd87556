using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// Two activations of the same grains, each applying records: one silo reads every partition and its grains apply the
/// second half of the input without a snapshot; a second silo joins, takes half of the partitions, reads them again
/// from the last prepared positions and, its directory not knowing the first silo's grains, activates its own copies
/// of them (<see cref="SplitDirectorySiloConfigurator"/>). At the next snapshot both copies write: the one that writes
/// second is refused for its stale ETag and that epoch is abandoned. Then the directory settles and the copies made
/// while split are deactivated, as Orleans does with a duplicate it finds, each writing what it holds. Nothing may be
/// lost or doubled, and the job must go on completing epochs. Grain state on DynamoDB (dynalite).
/// </summary>
public sealed class DualActivationTests(ITestOutputHelper output)
{
    private readonly FlightInput _input =
        FlightInput.Generate(seed: 5151, perAirline: 600, flyers: 20, start: new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            rate: 2);

    [Fact]
    public async Task TwoActivationsOfOneGrainLoseNothingDoubleNothingAndDoNotStopTheJob()
    {
        SplitDirectorySiloConfigurator.Split();
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        var half = _input.Bookings.Count / 2;
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, 0, half);
        await pipeline.StartSilosAsync<SplitDirectorySiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1),
            new Dictionary<string, string?>(PipelineCluster.DynamoDbState(dynalite.ServiceUrl, "dual"))
            {
                ["Committer:StepTimeout"] = "00:00:30",
            });
        var cluster = pipeline.Cluster;
        var grains = cluster.GrainFactory;
        var management = grains.GetGrain<IManagementGrain>(0);
        var consolidator = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);
        var flyerStats = grains.GetGrain<ICommitterGrain>(FlyerStatsJob.Definition.Name);
        // Read to its end on every partition, so the watermark (held while any source partition has no position yet)
        // lets the first half's flights out to airline.flight for Flyer Stats.
        var sources = ConsolidatorJob.Definition.SourceTopics.Count * PipelineCluster.Partitions;
        await Eventually.Until(async () =>
        {
            var status = await consolidator.CommitNowAsync(final: false);
            return status.RowsCommitted > 0 && status.Positions.Count == sources && status.Positions.All(p => p.CaughtUp);
        }, TimeSpan.FromMinutes(1), "the first half is read and committed on one silo");
        await Eventually.Until(async () => (await flyerStats.CommitNowAsync(final: false)).RowsCommitted > 0,
            TimeSpan.FromMinutes(1), "flyer stats of the first half are committed on one silo");

        // The second half is applied on the first silo, and no epoch snapshots it.
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, half, _input.Bookings.Count - half);
        var flights = _input.Bookings.Select(b => b.Booking.FlightNumber).Distinct().Count();
        var first = cluster.Primary!.SiloAddress;
        await Eventually.Until(async () => (await GrainsAsync(management, first, nameof(FlightGrain))).Count == flights,
            TimeSpan.FromMinutes(1), $"all {flights} flight grains are active on the first silo");

        var joined = await cluster.StartAdditionalSiloAsync();
        output.WriteLine($"joined: {joined.SiloAddress}");
        var twice = 0;
        await Eventually.Until(async () =>
        {
            var onFirst = await GrainsAsync(management, first, nameof(FlightGrain));
            var onJoined = await GrainsAsync(management, joined.SiloAddress, nameof(FlightGrain));
            twice = onFirst.Intersect(onJoined).Count();
            return twice > 0;
        }, TimeSpan.FromMinutes(1), "flight grains are active on both silos at once");
        output.WriteLine($"flight grains active on both silos: {twice}");

        // Both copies applied records since the last snapshot, so both write at the next one: the second is refused,
        // and the epoch fails on the conflict (or on the state the refused copy reports lost). On a loaded machine a
        // step can time out first, with the writes still under way: the next epoch meets the conflict.
        Exception? refused = null;
        await Eventually.Until(async () =>
        {
            try
            {
                await consolidator.CommitNowAsync(final: false);
            }
            catch (Exception ex) when (ex.ToString().Contains("ETag conflict", StringComparison.Ordinal) ||
                ex.ToString().Contains("lost in a failed write", StringComparison.Ordinal))
            {
                refused = ex;
                return true;
            }
            catch (TimeoutException ex)
            {
                output.WriteLine($"an epoch timed out before the conflict showed: {ex.Message}");
                return false;
            }

            Assert.Fail("an epoch with both copies writing committed without a conflict");
            return true;
        }, TimeSpan.FromMinutes(2), "an epoch fails on the two copies' conflicting writes");
        output.WriteLine($"the epoch with both copies writing: {refused!.GetType().Name}: {refused.Message}");
        SplitDirectorySiloConfigurator.Heal();

        // A settled cluster keeps one activation per grain: the copies made while split go (as Orleans deactivates a
        // duplicate it finds), each writing what it holds; a copy whose write is refused reports its state lost and
        // makes its job rewind once more. Until none is left, a silo's cached address may still reach an old copy.
        await Eventually.Until(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            var flightsOnBoth = (await GrainsAsync(management, first, nameof(FlightGrain)))
                .Intersect(await GrainsAsync(management, joined.SiloAddress, nameof(FlightGrain))).Count();
            var flyersOnBoth = (await GrainsAsync(management, first, nameof(FlyerStatsGrain)))
                .Intersect(await GrainsAsync(management, joined.SiloAddress, nameof(FlyerStatsGrain))).Count();
            return flightsOnBoth == 0 && flyersOnBoth == 0;
        }, TimeSpan.FromMinutes(1), "no job grain is active on both silos any more");

        var consolidated = await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(3));
        var flyers = await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(3));
        output.WriteLine($"settled and drained: consolidator epoch {consolidated.LastCompletedEpoch}, " +
            $"flyer-stats epoch {flyers.LastCompletedEpoch}");

        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(pipeline.Kafka.BootstrapServers, _input);
        await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            grains, pipeline.Iceberg, pipeline.Kafka.BootstrapServers, _input);
    }

    private static async Task<HashSet<GrainId>> GrainsAsync(IManagementGrain management, SiloAddress silo, string type)
    {
        var statistics = await management.GetDetailedGrainStatistics(hostsIds: [silo]);
        return [.. statistics.Where(grain => grain.GrainType.Contains(type, StringComparison.Ordinal)).Select(grain => grain.GrainId)];
    }
}
