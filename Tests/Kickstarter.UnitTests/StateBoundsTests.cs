using Kickstarter.Grains.Epochs.Coordinator;
using Kickstarter.Grains.Jobs.Consolidator;

namespace Kickstarter.UnitTests;

/// <summary>
/// Each bound on state: the owing registry (pages of bounded size, only changed shards written, a staged version that
/// was never recorded leaves the previous one whole) and the flight grain's confirmation codes (forgotten a window of
/// event time behind the watermark). The epoch ledger's bound is in <see cref="EpochBookkeepingTests"/>.
/// </summary>
public sealed class StateBoundsTests
{
    private const string Job = "flyer-stats";

    private static List<GrainId> Flyers(int count, int from = 0) =>
        [.. Enumerable.Range(from, count).Select(i => GrainId.Create("flyerstats", $"flyer{i:D6}@example.com"))];

    private static List<string> Names(IEnumerable<GrainId> grains) => [.. grains.Select(g => g.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task RegistryKeepsManyGrainsInPagesOfBoundedSize()
    {
        var storage = new InMemoryGrainStorage();
        var owing = Flyers(300_000);
        var registry = new OwingRegistry(storage, Job);
        await registry.ReadAsync([]);
        var index = await registry.StageAsync(owing, []);
        registry.Commit();

        // 300,000 grains over 64 shards: each shard needs several pages, and no page holds more than PageSize.
        Assert.Equal(OwingRegistry.Shards, index.Count);
        Assert.All(index, shard => Assert.True(shard.Pages >= 2, $"shard {shard.Shard}: {shard.Pages} pages"));
        Assert.Equal(index.Sum(shard => shard.Pages), storage.Items);
        Assert.True(storage.LargestItemBytes < 150_000, $"largest page {storage.LargestItemBytes} bytes");

        // Another activation finds exactly the same grains from the index alone.
        var read = await new OwingRegistry(storage, Job).ReadAsync(index);
        Assert.Equal(Names(owing), read.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task RegistryWritesOnlyTheShardsThatChanged()
    {
        var storage = new InMemoryGrainStorage();
        var registry = new OwingRegistry(storage, Job);
        await registry.ReadAsync([]);
        var owing = Flyers(5_000);
        var index = await registry.StageAsync(owing, []);
        registry.Commit();
        var writes = storage.Writes;

        var same = await registry.StageAsync(owing, index);
        registry.Commit();
        Assert.Equal(writes, storage.Writes);
        Assert.Equal(index, same);

        var changed = owing.Skip(1).ToList(); // one grain no longer owes: only its shard is written again
        var next = await registry.StageAsync(changed, same);
        registry.Commit();
        var shard = OwingRegistry.ShardOf(owing[0]);
        Assert.Equal(writes + same.Single(s => s.Shard == shard).Pages, storage.Writes);
        Assert.Equal(1 - same.Single(s => s.Shard == shard).Slot, next.Single(s => s.Shard == shard).Slot);
        Assert.Equal(Names(changed), (await new OwingRegistry(storage, Job).ReadAsync(next)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task AVersionStagedButNeverRecordedLeavesThePreviousOneWhole()
    {
        var storage = new InMemoryGrainStorage();
        var registry = new OwingRegistry(storage, Job);
        await registry.ReadAsync([]);
        var first = Flyers(4_000);
        var recorded = await registry.StageAsync(first, []);
        registry.Commit();

        // The next epoch stages a very different list, then its prepare write fails: the committer discards it.
        var second = Flyers(9_000, from: 2_000);
        await registry.StageAsync(second, recorded);
        registry.Discard();

        // The stored state still names the first version, and it reads back whole.
        Assert.Equal(Names(first), (await new OwingRegistry(storage, Job).ReadAsync(recorded)).Order(StringComparer.Ordinal).ToList());

        // The next attempt writes the same free slots again (their ETags are known) and is recorded.
        var third = await registry.StageAsync(second, recorded);
        registry.Commit();
        Assert.Equal(Names(second), (await new OwingRegistry(storage, Job).ReadAsync(third)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task ANewActivationWritesOverPagesItNeverRead()
    {
        var storage = new InMemoryGrainStorage();
        var old = new OwingRegistry(storage, Job);
        await old.ReadAsync([]);
        var recorded = await old.StageAsync(Flyers(3_000), []);
        await old.StageAsync(Flyers(3_000, from: 10), recorded); // staged into the free slots, never recorded
        old.Discard();

        // A fresh activation that did not read the registry: it reads each page's ETag before overwriting it.
        var fresh = new OwingRegistry(storage, Job);
        var owing = Flyers(2_500, from: 500);
        var index = await fresh.StageAsync(owing, recorded);
        fresh.Commit();
        Assert.Equal(Names(owing), (await new OwingRegistry(storage, Job).ReadAsync(index)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task AnEmptiedRegistryNeedsNoPointers()
    {
        var storage = new InMemoryGrainStorage();
        var registry = new OwingRegistry(storage, Job);
        await registry.ReadAsync([]);
        var index = await registry.StageAsync(Flyers(100), []);
        registry.Commit();
        var empty = await registry.StageAsync([], index);
        registry.Commit();
        Assert.Empty(empty);
        Assert.Empty(await new OwingRegistry(storage, Job).ReadAsync(empty));
    }

    [Fact]
    public void FlightGrainForgetsConfirmationCodesAWindowBehindTheWatermark()
    {
        var state = new FlightState();
        const long hour = FlightState.DuplicateWindowMs;
        Assert.True(state.TryRemember("SUNAAAAAA", 1_000));
        Assert.True(state.TryRemember("SUNBBBBBB", 1_000 + hour));
        Assert.False(state.TryRemember("SUNAAAAAA", 2_000)); // sent twice within the window

        Assert.False(state.ForgetCodesBefore(1_000 + hour));  // A is exactly one window old: still kept
        Assert.True(state.ForgetCodesBefore(1_001 + hour));
        Assert.Equal(["SUNBBBBBB"], state.RecentCodes.Keys);
        Assert.Equal(2, state.BookingsSeen);                   // the count of bookings is not forgotten
    }

    [Fact]
    public void FlightGrainCodesStayBoundedOverADayOfBookings()
    {
        // One booking a second for a day, the watermark following a minute behind: at most an hour of codes is held.
        var state = new FlightState();
        var maxHeld = 0;
        for (long second = 0; second < 24 * 3600; second++)
        {
            state.TryRemember($"SUN{second:D8}", second * 1000);
            if (second % 10 == 0)
            {
                state.ForgetCodesBefore((second - 60) * 1000);
                maxHeld = Math.Max(maxHeld, state.RecentCodes.Count);
            }
        }

        Assert.Equal(24 * 3600, state.BookingsSeen);
        Assert.InRange(maxHeld, 3600, 3600 + 60 + 10);
    }

    [Fact]
    public void TheFinalWatermarkOfADrainForgetsNoCode()
    {
        var state = new FlightState();
        state.TryRemember("SKY000001", 5);
        Assert.False(state.ForgetCodesBefore(long.MaxValue));
        Assert.False(state.TryRemember("SKY000001", 10));
    }
}
