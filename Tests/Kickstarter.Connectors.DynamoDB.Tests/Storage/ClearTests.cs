using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;
using Orleans.Storage;

namespace Kickstarter.Connectors.DynamoDB.Tests.Storage;

[Collection(DynaliteCollection.Name)]
public sealed class ClearTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task ClearedStateReadsBackAsNoRecordAndKeepsATombstoneETag()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var state = new StoredState<CounterState>(new CounterState { Count = 3 });
        await harness.Storage.WriteStateAsync("s", grainId, state);

        await harness.Storage.ClearStateAsync("s", grainId, state);
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);

        Assert.False(state.RecordExists);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State.Count);
        Assert.Equal(state.ETag, read.ETag);
        var item = await harness.ReadItemAsync("s", grainId);
        Assert.NotNull(item);
        Assert.False(item.ContainsKey("Payload"));
    }

    [Fact]
    public async Task WriterHoldingTheETagFromBeforeAClearIsRejected()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var state = new StoredState<CounterState>(new CounterState { Count = 3 });
        await harness.Storage.WriteStateAsync("s", grainId, state);
        var stale = new StoredState<CounterState>(new CounterState { Count = 4 }) { ETag = state.ETag };

        await harness.Storage.ClearStateAsync("s", grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => harness.Storage.WriteStateAsync("s", grainId, stale));
    }

    [Fact]
    public async Task ClearWithDeleteStateOnClearRemovesTheItem()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.DeleteStateOnClear = true);
        var grainId = StorageHarness.NewGrainId();
        var state = new StoredState<CounterState>(new CounterState { Count = 3 });
        await harness.Storage.WriteStateAsync("s", grainId, state);

        await harness.Storage.ClearStateAsync("s", grainId, state);

        Assert.Null(await harness.ReadItemAsync("s", grainId));
        Assert.Null(state.ETag);
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task ClearWithAStaleETagThrowsInconsistentState()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl, o => o.DeleteStateOnClear = true);
        var grainId = StorageHarness.NewGrainId();
        var state = new StoredState<CounterState>(new CounterState { Count = 3 });
        await harness.Storage.WriteStateAsync("s", grainId, state);
        var stale = new StoredState<CounterState>(new CounterState()) { ETag = state.ETag };
        await harness.Storage.WriteStateAsync("s", grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => harness.Storage.ClearStateAsync("s", grainId, stale));
        Assert.NotNull(await harness.ReadItemAsync("s", grainId));
    }
}
