using System.Globalization;
using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

namespace Kickstarter.Connectors.DynamoDB.Tests.Storage;

[Collection(DynaliteCollection.Name)]
public sealed class RoundTripTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task WrittenStateIsReadBackByAFreshRead()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var written = new StoredState<CounterState>(new CounterState { Count = 42, Note = "SUN123" });

        await harness.Storage.WriteStateAsync("s", grainId, written);
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);

        Assert.True(read.RecordExists);
        Assert.Equal(42, read.State.Count);
        Assert.Equal("SUN123", read.State.Note);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task ReadOfAnUnknownGrainGivesNoRecordAndADefaultState()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var read = new StoredState<CounterState>();

        await harness.Storage.ReadStateAsync("s", StorageHarness.NewGrainId(), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal(0, read.State.Count);
    }

    [Fact]
    public async Task EveryWriteChangesTheETag()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var state = new StoredState<CounterState>(new CounterState { Count = 1 });

        await harness.Storage.WriteStateAsync("s", grainId, state);
        var first = state.ETag;
        state.State.Count = 2;
        await harness.Storage.WriteStateAsync("s", grainId, state);
        var second = state.ETag;

        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
        var stored = await harness.ReadItemAsync("s", grainId);
        Assert.Equal(second, stored!["ETag"].S);
    }

    [Fact]
    public async Task ItemCarriesTheDocumentedLayout()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();

        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 7 }));

        var item = await harness.ReadItemAsync("s", grainId);
        Assert.NotNull(item);
        Assert.Equal($"kickstarter-tests/s/{grainId}", item["PK"].S);
        Assert.Equal("counter", item["GrainType"].S);
        Assert.Equal("none", item["Codec"].S);
        Assert.True(item["Payload"].B.Length > 0);
        Assert.Equal(item["Payload"].B.Length.ToString(CultureInfo.InvariantCulture), item["RawSize"].N);
    }

    [Fact]
    public async Task StatesOfDifferentNamesOnOneGrainAreSeparateItems()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();

        await harness.Storage.WriteStateAsync("a", grainId, new StoredState<CounterState>(new CounterState { Count = 1 }));
        await harness.Storage.WriteStateAsync("b", grainId, new StoredState<CounterState>(new CounterState { Count = 2 }));

        var a = new StoredState<CounterState>();
        var b = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("a", grainId, a);
        await harness.Storage.ReadStateAsync("b", grainId, b);
        Assert.Equal(1, a.State.Count);
        Assert.Equal(2, b.State.Count);
    }
}
