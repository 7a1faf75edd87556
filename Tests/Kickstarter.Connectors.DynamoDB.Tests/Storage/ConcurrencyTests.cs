using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Kickstarter.Connectors.DynamoDB.Tests.Storage;

[Collection(DynaliteCollection.Name)]
public sealed class ConcurrencyTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task WriteWithAStaleETagThrowsInconsistentStateAndLeavesTheStoredStateAlone()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var current = new StoredState<CounterState>(new CounterState { Count = 1 });
        await harness.Storage.WriteStateAsync("s", grainId, current);
        var stale = new StoredState<CounterState>(new CounterState { Count = 99 }) { ETag = current.ETag };
        current.State.Count = 2;
        await harness.Storage.WriteStateAsync("s", grainId, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => harness.Storage.WriteStateAsync("s", grainId, stale));

        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        Assert.Equal(2, read.State.Count);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task AConflictCrossesTheWireAsAnOrleansSerializableException()
    {
        // A grain's failed write travels back to the caller on another silo or client: the chaos test once failed with
        // CodecNotFoundException because the conflict carried the AWS SDK's ConditionalCheckFailedException inside.
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 1 }));
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() =>
            harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 5 })));
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider()
            .GetRequiredService<Orleans.Serialization.Serializer>();

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(conflict));

        Assert.IsType<InconsistentStateException>(copy);
        Assert.Equal(conflict.Message, copy.Message);
    }

    [Fact]
    public async Task FirstWriteWithoutETagFailsWhenTheStateAlreadyExists()
    {
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        await harness.Storage.WriteStateAsync("s", grainId, new StoredState<CounterState>(new CounterState { Count = 1 }));

        var ignorant = new StoredState<CounterState>(new CounterState { Count = 5 }); // never read: no ETag

        await Assert.ThrowsAsync<InconsistentStateException>(() => harness.Storage.WriteStateAsync("s", grainId, ignorant));
    }

    [Fact]
    public async Task OfConcurrentWritersWithTheSameETagExactlyOneWins()
    {
        const int writers = 8;
        await using var harness = await StorageHarness.StartAsync(dynalite.Server.ServiceUrl);
        var grainId = StorageHarness.NewGrainId();
        var initial = new StoredState<CounterState>(new CounterState { Count = 0 });
        await harness.Storage.WriteStateAsync("s", grainId, initial);

        var states = Enumerable.Range(1, writers)
            .Select(i => new StoredState<CounterState>(new CounterState { Count = i }) { ETag = initial.ETag })
            .ToArray();
        var outcomes = await Task.WhenAll(states.Select(async state =>
        {
            try
            {
                await harness.Storage.WriteStateAsync("s", grainId, state);
                return (Won: true, Error: (Exception?)null);
            }
            catch (Exception error)
            {
                return (Won: false, Error: error);
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o.Won));
        Assert.All(outcomes.Where(o => !o.Won), o => Assert.IsType<InconsistentStateException>(o.Error));
        var winner = states[Array.FindIndex(outcomes, o => o.Won)];
        var read = new StoredState<CounterState>();
        await harness.Storage.ReadStateAsync("s", grainId, read);
        Assert.Equal(winner.State.Count, read.State.Count);
        Assert.Equal(winner.ETag, read.ETag);
    }
}
