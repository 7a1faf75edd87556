using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A flight grain cannot take its deliveries for longer than the delivery limit, then recovers. Orleans gives its
/// containers up and the partitions move on; those records were never applied, so the barrier must not count them:
/// the epoch is abandoned, the job rewinds before them, and they reach the grain once it recovers.
/// </summary>
public sealed class DeliveryGiveUpTests
{
    private static readonly TimeSpan FaultLasts = TimeSpan.FromSeconds(10);

    private readonly FlightInput _input =
        FlightInput.Generate(
            seed: 5151, perAirline: 600, flyers: 20, start: new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);

    [Fact]
    public async Task RecordsWhoseDeliveryWasGivenUpAreRewoundAndEveryOutputIsExactlyOnce()
    {
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        _input.Produce(pipeline.Kafka.BootstrapServers);
        // The busiest flight: it has records in several partitions' containers, all of them given up.
        var flight = _input.Accepted().GroupBy(b => b.Booking.FlightNumber).MaxBy(g => g.Count())!.Key;
        FailingDeliveries.Arm(flight, FaultLasts);
        await pipeline.StartSilosAsync<FailingDeliverySiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1));
        var grains = pipeline.Cluster.GrainFactory;
        var control = ((InProcessSiloHandle)pipeline.Cluster.Primary!).SiloHost.Services
            .GetRequiredKeyedService<IKafkaPartitionControl>(ProviderNames.AirlineStreams);
        await Eventually.Until(() => control.GivenUp.Count > 0, TimeSpan.FromMinutes(1), $"Orleans gives up a delivery to flight {flight}");

        // A barrier refuses while given-up records are counted in its positions (a fresh committer rewinds first, and
        // the records it replays are given up again while the fault lasts).
        var committer = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);
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

            return failures.Count > 0;
        }, FaultLasts + TimeSpan.FromMinutes(1), "a barrier refuses the epoch");
        Assert.Contains("delivery given up", Assert.Single(failures).ToString(), StringComparison.Ordinal);

        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(1));

        Assert.True(FailingDeliveries.Failures >= 2, $"deliveries failed {FailingDeliveries.Failures} times");
        Assert.Equal(
            _input.Accepted().Count(b => b.Booking.FlightNumber == flight),
            (await grains.GetGrain<IFlightGrain>(flight).GetSummaryAsync()).BookingCount);
        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(pipeline.Kafka.BootstrapServers, _input);
        await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(
            grains, pipeline.Iceberg, pipeline.Kafka.BootstrapServers, _input);
    }
}
