using Kickstarter.Grains.Epochs.Coordinator;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The pipeline's grain storage with a gate a test can arm: the next write of a committer's state (in an epoch with
/// nothing pending, the write that starts the epoch: after the committer read membership, before its barrier) waits
/// until the test releases it. Everything else passes through.
/// </summary>
internal sealed class EpochStartGate(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Lock Sync = new();
    private static string? _armed;
    private static TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the armed write is waiting at the gate.</summary>
    public static Task Reached => _reached.Task;

    /// <summary>Arms the gate for the next state write of <paramref name="committer"/>.</summary>
    public static void Arm(string committer)
    {
        lock (Sync)
        {
            _armed = committer;
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the waiting write go on.</summary>
    public static void Release() => _released.TrySetResult();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Task? wait = null;
        lock (Sync)
        {
            if (_armed is { } committer && grainState.State is CommitterState && grainId.Key.ToString() == committer)
            {
                _armed = null;
                _reached.TrySetResult();
                wait = _released.Task;
            }
        }

        if (wait is not null)
        {
            await wait;
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
