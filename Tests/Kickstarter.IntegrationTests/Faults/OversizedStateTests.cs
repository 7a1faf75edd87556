using Kickstarter.Grains.Interfaces.Epochs;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A flight grain's snapshot is refused because its state does not fit into one storage item. Every later epoch
/// would fail the same way: the committer must stop the job with a message naming the grain, not retry silently.
/// </summary>
public sealed class OversizedStateTests
{
    private readonly FlightInput _input =
        FlightInput.Generate(seed: 5150, perAirline: 300, flyers: 10, start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero),
            rate: 2);

    [Fact]
    public async Task AGrainStateAboveTheItemLimitStopsTheJobNamingTheGrain()
    {
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        _input.Produce(pipeline.Kafka.BootstrapServers);
        await pipeline.StartSilosAsync<OversizedStateSiloConfigurator>(silos: 1, commitInterval: TimeSpan.FromHours(1));
        var committer = pipeline.Cluster.GrainFactory.GetGrain<ICommitterGrain>(ConsolidatorJob.Definition.Name);

        OversizedStateStorage.Arm("flight");
        Exception? failure = null;
        await Eventually.Until(async () =>
        {
            try
            {
                await committer.CommitNowAsync(final: false);
                return false; // no flight grain wrote yet: records still on their way
            }
            catch (Exception ex)
            {
                failure = ex;
                return true;
            }
        }, TimeSpan.FromMinutes(1), "an epoch meets the refused flight grain");

        var refused = OversizedStateStorage.Refused;
        Assert.NotNull(refused);
        var tooLarge = StateLimitExceededException.Find(failure);
        Assert.NotNull(tooLarge);
        Assert.Equal(refused, tooLarge.Grain);
        Assert.Contains(refused, tooLarge.Message, StringComparison.Ordinal);

        // Stopped: the next epoch does not run, and says why, naming the grain. (Epochs that ran before a flight grain
        // wrote may have completed; none completes from the refusal on.)
        var before = await committer.GetStatusAsync();
        var again = await Assert.ThrowsAnyAsync<Exception>(() => committer.CommitNowAsync(final: false));
        Assert.Contains(refused, again.Message, StringComparison.Ordinal);
        Assert.Equal(before.LastCompletedEpoch, (await committer.GetStatusAsync()).LastCompletedEpoch);
        Assert.Contains(CapturedLogs.Lines, line => line.Contains("Critical", StringComparison.Ordinal)
            && line.Contains("job stopped", StringComparison.Ordinal) && line.Contains(refused, StringComparison.Ordinal));
    }
}
