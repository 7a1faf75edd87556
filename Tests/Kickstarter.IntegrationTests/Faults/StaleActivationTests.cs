using System.Diagnostics.Metrics;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.Grains.Interfaces.Grains;
using Kickstarter.Grains.Jobs.Consolidator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A grain activation whose memory went stale: another activation of the same grain (two live at once while the
/// directory settles after a membership change) wrote the grain's item since this one read it, and this one is fed
/// nothing more, so no write of its own is ever refused. The other write is made here directly through the silo's
/// grain storage (DynamoDB on dynalite), with the item's current ETag, as that other activation would. The stale
/// activation must answer queries with what storage holds, not with its old memory.
/// </summary>
public sealed class StaleActivationTests
{
    private readonly FlightInput _input =
        FlightInput.Generate(seed: 6262, perAirline: 150, flyers: 8, start: new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero),
            rate: 2);

    [Fact]
    public async Task AnActivationAtRestAnswersWhatAnotherActivationWrote()
    {
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var pipeline = PipelineCluster.CreateInfrastructure();
        _input.Produce(pipeline.Kafka.BootstrapServers);
        await pipeline.StartSilosAsync(
            silos: 1, commitInterval: TimeSpan.FromHours(1), PipelineCluster.DynamoDbState(dynalite.ServiceUrl, "stale"));
        var grains = pipeline.Cluster.GrainFactory;
        await JobDrainer.DrainAsync(grains, ConsolidatorJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));
        await JobDrainer.DrainAsync(grains, FlyerStatsJob.Definition, PipelineCluster.Partitions, TimeSpan.FromMinutes(2));

        var (email, (minutes, flights)) = _input.ExpectedStats().OrderBy(flyer => flyer.Key, StringComparer.Ordinal).First();
        var flyer = grains.GetGrain<IFlyerStatsGrain>(email);
        Assert.Equal(new FlyerStats(email, minutes, flights), await flyer.GetStatsAsync()); // the activation is live and at rest

        // The other activation's write: one more flight of 95 minutes in a window still open.
        var storage = ((InProcessSiloHandle)pipeline.Cluster.Primary!).SiloHost.Services
            .GetRequiredKeyedService<IGrainStorage>(ProviderNames.PipelineStorage);
        var grainId = GrainId.Create("flyerstats", email);
        var item = new GrainState<FlyerState>();
        await storage.ReadStateAsync("flyer", grainId, item);
        var etagBefore = item.ETag;
        Assert.True(item.RecordExists, "the flyer's state was written by its epochs");
        item.State!.OpenWindows[long.MaxValue - 60_000] = new WindowTotals { DurationMinutes = 95, Flights = 1 };
        await storage.WriteStateAsync("flyer", grainId, item);

        long refreshed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meter) =>
        {
            if (instrument.Name == "kickstarter.activations.refreshed")
            {
                meter.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refreshed, value));
        listener.Start();
        var answered = await flyer.GetStatsAsync();

        Assert.NotEqual(etagBefore, item.ETag);
        Assert.True(Interlocked.Read(ref refreshed) >= 1, "the refresh was not counted"); // other tests in this process may count too
        Assert.Equal(new FlyerStats(email, minutes + 95, flights + 1), answered);
    }
}
