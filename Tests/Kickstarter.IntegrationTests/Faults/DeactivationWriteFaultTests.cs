using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// Flight grains have applied records no snapshot holds yet, and are deactivated (as idle collection, a rebalance or a
/// duplicate activation's loser would be) while their state write fails, before or after it is stored. Their next
/// activations reload older state; the positions already count the records as delivered. The barrier must refuse,
/// the job rewind before them, and every output end up exactly once.
/// </summary>
[Collection(FaultingCommitterStorage.Collection)]
public sealed class DeactivationWriteFaultTests
{
    private readonly FlightInput _input =
        FlightInput.Generate(
            seed: 6161, perAirline: 600, flyers: 20, start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);

    [Theory]
    [InlineData(CommitterWriteFault.FailsBeforeStoring)]
    [InlineData(CommitterWriteFault.LandsThenFails)]
    public async Task AFailedWriteWhileDeactivatingLosesNothingAndDoublesNothing(CommitterWriteFault fault)
    {
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        _input.ProduceHalf(pipeline.Kafka.BootstrapServers, first: true);
        await pipeline.StartSilosAsync<DeactivationFaultSiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1));
        var grains = pipeline.Cluster.GrainFactory;
        var serviceId = pipeline.Cluster.Options.ServiceId;
        var committer = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);

        // The first half is delivered and prepared: the job has positions to rewind to.
        await Eventually.Until(async () => (await committer.CommitNowAsync(final: false)).Positions
            .Count(position => position.CaughtUp) == ConsolidatorJob.Definition.SourceTopics.Count * PipelineCluster.Partitions,
            TimeSpan.FromMinutes(1), "the first half is read and prepared");

        // The second half is applied by the flight grains, and no snapshot holds it.
        _input.ProduceHalf(pipeline.Kafka.BootstrapServers, first: false);
        var expected = _input.Accepted().GroupBy(b => b.Booking.FlightNumber).ToDictionary(g => g.Key, g => (long)g.Count());
        await Eventually.Until(async () =>
        {
            foreach (var (flight, count) in expected)
            {
                if ((await grains.GetGrain<IFlightGrain>(flight).GetSummaryAsync()).BookingCount != count)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromMinutes(1), "every flight grain has applied the second half");

        // Every flight grain that took second-half records is dirty; each one's deactivation write fails. Only the flight
        // grains deactivate: the committer stays, so no fresh activation's rewind covers the loss by chance.
        var dirty = _input.Bookings.OrderBy(b => b.Ts).Skip(_input.Bookings.Count / 2)
            .Select(b => b.Booking.FlightNumber).Distinct().Count();
        FaultingCommitterStorage.ArmGrainWrites(serviceId, "flight", fault);
        DeactivatingSummaryFilter.Enabled = true;
        try
        {
            foreach (var flight in expected.Keys)
            {
                await grains.GetGrain<IFlightGrain>(flight).GetSummaryAsync();
            }

            await Eventually.Until(() => FaultingCommitterStorage.FailedGrainWrites(serviceId) >= dirty, TimeSpan.FromMinutes(1),
                $"the {dirty} flight grains holding unsnapshotted records are deactivated with a failed write");
        }
        finally
        {
            DeactivatingSummaryFilter.Enabled = false;
            FaultingCommitterStorage.DisarmGrainWrites(serviceId);
        }

        // The barrier refuses: its positions count records the reloaded grains may not hold.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => committer.CommitNowAsync(final: false));
        Assert.Contains("lost in a failed write", refused.ToString(), StringComparison.Ordinal);

        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(1));

        foreach (var (flight, count) in expected)
        {
            Assert.Equal(count, (await grains.GetGrain<IFlightGrain>(flight).GetSummaryAsync()).BookingCount);
        }

        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(pipeline.Kafka.BootstrapServers, _input);
        await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            grains, pipeline.Iceberg, pipeline.Kafka.BootstrapServers, _input);
    }
}
