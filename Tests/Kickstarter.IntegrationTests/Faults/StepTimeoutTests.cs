using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A snapshot that outlasts <c>Committer:StepTimeout</c> (a slow store, an overloaded silo) fails its epoch with a
/// <see cref="TimeoutException"/> naming the step and the setting, and the job goes on: the next run rewinds and
/// commits, and a drain in progress (as <c>--duration</c> and a graceful stop run it) retries instead of giving up.
/// Before, the timeout surfaced as a <see cref="TaskCanceledException"/>, which the drain took for a cancellation
/// and stopped on.
/// </summary>
public sealed class StepTimeoutTests
{
    private readonly FlightInput _input =
        FlightInput.Generate(
            seed: 7373, perAirline: 450, flyers: 15, start: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), rate: 2);

    [Fact]
    public async Task ASnapshotPastTheStepTimeoutFailsItsEpochByNameAndTheJobAndTheDrainGoOn()
    {
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        var ordered = _input.Bookings.Count;
        var third = ordered / 3;
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, 0, third);
        await pipeline.StartSilosAsync<GatedStorageSiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1),
            new Dictionary<string, string?> { ["Committer:StepTimeout"] = "00:00:02" });
        var grains = pipeline.Cluster.GrainFactory;
        var committer = grains.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);
        await Eventually.Until(async () => (await committer.CommitNowAsync(final: false)).Positions
            .Count(position => position.CaughtUp) == ConsolidatorJob.Definition.SourceTopics.Count * PipelineCluster.Partitions,
            TimeSpan.FromMinutes(1), "the first third is read and prepared");

        // The second third is applied by flight grains no snapshot holds yet; their writes wait at the gate.
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, third, third);
        await FlightGrainsHaveAppliedAsync(grains, 2 * third);
        SnapshotGate.Arm();
        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => committer.CommitNowAsync(final: false));
        Assert.True(SnapshotGate.Reached.IsCompleted, "no job grain's write reached the gate");
        Assert.Contains("the snapshot of epoch", timedOut.Message, StringComparison.Ordinal);
        Assert.Contains("Committer:StepTimeout (00:00:02)", timedOut.Message, StringComparison.Ordinal);

        // The next run reads its state back (which opens the gate), rewinds and commits.
        await Eventually.Until(async () =>
        {
            try
            {
                await committer.CommitNowAsync(final: false);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(1), "an epoch after the timed-out one commits");
        Assert.True(SnapshotGate.Released.IsCompleted, "the committer did not read its state back after the timeout");

        // The last third, then a drain while the gate is armed again: its first epoch times out, and it goes on.
        _input.ProduceRange(pipeline.Kafka.BootstrapServers, 2 * third, ordered - 2 * third);
        await FlightGrainsHaveAppliedAsync(grains, ordered);
        SnapshotGate.Arm();
        var drainLog = new RecordingLogger();
        var drained = await JobDrainer.DrainAsync(
            grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2), drainLog);
        Assert.True(SnapshotGate.Reached.IsCompleted, "no write of the drain's epochs reached the gate");
        Assert.True(SnapshotGate.Released.IsCompleted, "the drain did not run again after its epoch timed out");
        // The drain went on, and said why: the timed-out call is logged with its exception, not swallowed.
        Assert.Contains(drainLog.Entries, entry => entry.EventId == 109 && entry.Exception is TimeoutException);
        var failure = drainLog.Entries.First(entry => entry.EventId == 109 && entry.Exception is TimeoutException);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Matches(@"^Draining consolidator: commit call \d+ failed \(final epoch: False\)", failure.Message);
        Assert.Contains("the snapshot of epoch", failure.Exception!.Message, StringComparison.Ordinal);
        Assert.True(drained.LastCompletedEpoch > 0);

        PipelineAssertions.FlightTableHoldsEveryExpectedFlightOnce(pipeline.Iceberg, _input);
        PipelineAssertions.RawTablesHoldEveryAcceptedBooking(pipeline.Iceberg, _input);
        PipelineAssertions.FlightTopicHoldsEveryExpectedFlightUnderExactlyOneId(pipeline.Kafka.BootstrapServers, _input);
    }

    /// <summary>Waits until the flight grains hold the first <paramref name="count"/> bookings by event time, recounted here.</summary>
    private async Task FlightGrainsHaveAppliedAsync(IGrainFactory grains, int count)
    {
        var expected = _input.Bookings.OrderBy(b => b.Ts).Take(count)
            .GroupBy(b => b.Booking.FlightNumber)
            .ToDictionary(g => g.Key, g => (long)g.Select(b => b.Booking.ConfirmationCode).Distinct().Count());
        await Eventually.Until(async () =>
        {
            foreach (var (flight, bookings) in expected)
            {
                if ((await grains.GetGrain<IFlightGrain>(flight).GetSummaryAsync()).BookingCount != bookings)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromMinutes(1), $"the flight grains have applied the first {count} bookings");
    }
}
