using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A fresh start where one source partition's receiver has not started yet (it is refused its start position, as
/// when the committer cannot be reached, and keeps retrying; until it starts, no barrier reports the partition) while
/// the other partitions are read to their end and committed. The job's watermark must not pass that partition's
/// records: computed over the reported partitions only, it ran to the end of the input, the partition's flights came
/// out behind later ones in <c>airline.flight</c> and turned late in the flyer windows downstream.
/// </summary>
[Collection(HeldStartPosition.Collection)]
public sealed class UnstartedPartitionWatermarkTests(ITestOutputHelper output)
{
    private readonly FlightInput _input =
        FlightInput.Generate(seed: 6161, perAirline: 500, flyers: 20, start: new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            rate: 2);

    [Fact]
    public async Task APartitionWhoseReceiverHasNotStartedHoldsTheWatermark()
    {
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        var bootstrap = pipeline.Kafka.BootstrapServers;
        _input.Produce(bootstrap);
        var (heldTopic, heldPartition) = (Airline.Sunset.Topic, 0);
        var heldFromMs = TopicReader.ReadAll(bootstrap, heldTopic, TimeSpan.FromMinutes(1))
            .Where(record => record.Partition == heldPartition)
            .Min(record => record.TimestampMs);
        HeldStartPosition.Hold(heldTopic, heldPartition);
        try
        {
            await pipeline.StartSilosAsync<HeldStartPositionSiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1));
            var grains = pipeline.Cluster.GrainFactory;
            var consolidator = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);
            var flyerStats = grains.GetGrain<ICommitterGrain>(FlyerStatsJob.Definition.Name);

            // Every other partition is read to its end and committed while the held one's receiver keeps asking.
            var others = ConsolidatorJob.Definition.SourceTopics.Count * PipelineCluster.Partitions - 1;
            CommitterStatus held = null!;
            await Eventually.Until(async () =>
            {
                held = await consolidator.CommitNowAsync(final: false);
                return HeldStartPosition.Refusals > 0 && held.RowsCommitted > 0 && held.Positions.Count(p => p.CaughtUp) == others;
            }, TimeSpan.FromMinutes(1), $"every source partition but {heldTopic}/{heldPartition} is read to its end and committed");
            Assert.DoesNotContain(held.Positions, p => p.Topic == heldTopic && p.Partition == heldPartition);
            // Flyer stats read whatever the consolidator released so far, and fire windows at their own watermark.
            await Eventually.Until(async () =>
            {
                var status = await flyerStats.CommitNowAsync(final: false);
                return status.Positions.Count == PipelineCluster.Partitions && status.Positions.All(p => p.CaughtUp);
            }, TimeSpan.FromMinutes(1), "flyer stats read airline.flight to its end");
            output.WriteLine($"while {heldTopic}/{heldPartition} was held ({HeldStartPosition.Refusals} refusals): " +
                $"watermark {held.WatermarkMs}, its records start at {heldFromMs}");

            HeldStartPosition.Release();
            await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
            await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));

            var outOfOrder = PipelineAssertions.FlightTopicOutOfEventTimeOrder(bootstrap);
            output.WriteLine($"airline.flight out of event-time order: {outOfOrder.Count}");
            PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
            PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
            PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(bootstrap, _input);
            Assert.True(outOfOrder.Count == 0,
                $"airline.flight out of event-time order {outOfOrder.Count} times: " + string.Join("; ", outOfOrder.Take(10)));
            // Each window of each flyer once, and as many as the input has: a late flight merges two windows into one.
            await PipelineAssertions.FlyerStatsAgreeEverywhereWithAnIndependentRecountAsync(grains, pipeline.Iceberg, bootstrap, _input);
            Assert.True(held.WatermarkMs < heldFromMs,
                $"the watermark reached {held.WatermarkMs} while {heldTopic}/{heldPartition}, unread, starts at {heldFromMs}");
        }
        finally
        {
            HeldStartPosition.Release();
        }
    }
}
