using Kickstarter.Connectors.DynamoDB.Tests.Infrastructure;

namespace Kickstarter.Connectors.DynamoDB.Tests.Cluster;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    /// <summary>An id drawn when this activation started: it changes when the grain was deactivated and re-activated.</summary>
    Task<Guid> ActivationId();

    Task Deactivate();
}

public sealed class CounterGrain([PersistentState("s", ClusterFixture.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public async Task<int> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public Task<Guid> ActivationId() => Task.FromResult(_activationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
