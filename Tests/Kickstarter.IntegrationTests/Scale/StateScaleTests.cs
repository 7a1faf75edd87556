using System.Diagnostics;
using Kickstarter.Connectors.Kafka.Streams;
using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Jobs.FlyerStats;
using Kickstarter.Testing;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Scale;

/// <summary>
/// The state-scale test: 100,000 flyers active per minute, on DynamoDB storage (dynalite), through ten epochs.
/// It drives the committer's state and its owing registry directly, through the real DynamoDB grain storage, rather
/// than through Kafka and a silo: 100,000 flyer grains a minute would cost hundreds of thousands of grain activations
/// and storage writes on dynalite, minutes on this machine. What grows with the number of flyers is the set of grains
/// owing outputs, and that is what this test scales; the flyer grains' own items do not grow with the number of keys.
/// </summary>
/// <remarks>
/// The model: 200,000 flyers; in minute m the 100,000 flyers from index 50,000·m (wrapping) fly once. Epoch k reads
/// minute k-1, and the watermark stays half a minute behind (k·60 s - 30 s), so at epoch k the windows of minute k-2
/// fire (their stats are handed, not yet known prepared) and those of minute k-1 stay open: the grains owing at epoch
/// k are the flyers of minutes k-1 and k-2, about 150,000. Epoch 6 stages its registry and then fails before its
/// prepare write, as a crash would. After every epoch another "activation" reads the committer's state and the
/// registry back from DynamoDB and must find exactly the grains owing at the last prepared epoch.
/// </remarks>
public sealed class StateScaleTests(ITestOutputHelper output)
{
    private const int Population = 200_000;
    private const int ActivePerMinute = 100_000;
    private const int Epochs = 10;
    private const int FailingEpoch = 6;
    private const string Job = "flyer-stats";

    /// <summary>No stored item may exceed this (DynamoDB's limit is 400 KB); nor may any state before compression.</summary>
    private const int ItemBound = 64 * 1024;
    private const int RawStateBound = 160 * 1024;

    [Fact]
    public async Task HundredThousandFlyersAMinuteKeepEveryItemSmallAndEveryOwingGrainFound()
    {
        var clock = Stopwatch.StartNew();
        await using var dynalite = await DynaliteServer.StartAsync();
        await using var host = await DynamoDBStorageHost.StartAsync(dynalite.ServiceUrl);
        var committerId = GrainId.Create("committer", Job);
        var grainIds = Enumerable.Range(0, Population).Select(i => GrainId.Create("flyerstats", $"flyer{i:D6}@example.com")).ToArray();

        var committer = new GrainState<CommitterState>(new CommitterState());
        var registry = new OwingRegistry(host.Storage, Job);
        await registry.ReadAsync([]);
        var lastPrepared = new HashSet<int>();
        var largest = (Key: "", Bytes: 0, RawSize: 0L);

        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            var owing = FlewIn(epoch - 1).Union(FlewIn(epoch - 2)).ToHashSet();
            var next = committer.State!.Copy();
            next.NextEpoch = epoch + 1;
            next.PreviousPrepared = committer.State.LastPrepared;
            next.LastPrepared = epoch;
            next.Positions = Positions(epoch);
            next.WatermarkMs = epoch * 60_000L - 30_000;
            next.Owing = await registry.StageAsync(owing.Select(i => grainIds[i]), committer.State.Owing);
            if (epoch == FailingEpoch)
            {
                registry.Discard(); // the prepare write never happened: the stored state names the previous version
            }
            else
            {
                var write = new GrainState<CommitterState>(next) { ETag = committer.ETag };
                await host.Storage.WriteStateAsync("committer", committerId, write);
                committer = write;
                registry.Commit();
                lastPrepared = owing;
            }

            // Another activation: the committer's state and the registry read back from DynamoDB alone.
            var stored = new GrainState<CommitterState>(new CommitterState());
            await host.Storage.ReadStateAsync("committer", committerId, stored);
            var found = await new OwingRegistry(host.Storage, Job).ReadAsync(stored.State!.Owing);
            Assert.Equal(lastPrepared.Count, found.Count);
            Assert.True(lastPrepared.Select(i => grainIds[i].ToString()).ToHashSet().SetEquals(found),
                $"epoch {epoch}: the registry does not hold exactly the grains owing at the last prepared epoch");
            Assert.Equal(epoch == FailingEpoch ? epoch - 1 : epoch, stored.State.LastPrepared);

            var sizes = await host.ItemSizesAsync();
            var epochLargest = sizes.MaxBy(item => item.Bytes);
            var committerItem = sizes.Single(item => item.Key.EndsWith("/committer/" + committerId, StringComparison.Ordinal));
            output.WriteLine($"epoch {epoch}: {owing.Count} owing, {sizes.Count} items, largest {epochLargest.Bytes} bytes " +
                $"({epochLargest.Key}), raw up to {sizes.Max(item => item.RawSize)}; committer {committerItem.Bytes} bytes; " +
                $"{clock.Elapsed}");
            Assert.All(sizes, item => Assert.True(item.Bytes < ItemBound, $"{item.Key}: {item.Bytes} bytes stored"));
            Assert.All(sizes, item => Assert.True(item.RawSize < RawStateBound, $"{item.Key}: {item.RawSize} bytes before compression"));
            Assert.True(committerItem.Bytes < 4096, $"committer item {committerItem.Bytes} bytes");
            if (epochLargest.Bytes > largest.Bytes)
            {
                largest = epochLargest;
            }
        }

        // Scale really was reached: the owing set is of the size, spread over many items.
        Assert.True(lastPrepared.Count >= 140_000, $"{lastPrepared.Count} owing");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        output.WriteLine($"largest item over the run: {largest.Bytes} bytes ({largest.Key})");
    }

    /// <summary>Indexes of the flyers who fly in minute <paramref name="minute"/> (none before minute 0).</summary>
    private static IEnumerable<int> FlewIn(int minute) =>
        minute < 0 ? [] : Enumerable.Range(0, ActivePerMinute).Select(i => (minute * 50_000 + i) % Population);

    private static List<PartitionCheckpoint> Positions(int epoch) =>
    [
        .. Enumerable.Range(0, 16).Select(partition => new PartitionCheckpoint(
            "airline.flight", partition, epoch * 6_250L, epoch * 60_000L - 30_000, false,
            new Dictionary<string, UpstreamPosition>())),
    ];

    // Keeps the flyer window arithmetic this model assumes next to the real one: a one-minute window fires once the
    // watermark reaches its end.
    [Fact]
    public void TheModelsWindowsAreTheJobsWindows()
    {
        Assert.Equal(60_000, TumblingWindows.SizeMs);
        Assert.True(TumblingWindows.CanFire(0, 90_000));        // minute 0 fires at epoch 2 (watermark 90 s)
        Assert.False(TumblingWindows.CanFire(60_000, 90_000));  // minute 1 stays open
    }
}
