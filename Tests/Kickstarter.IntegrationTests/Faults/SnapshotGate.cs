using Kickstarter.Grains.Epochs.Coordinator;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The pipeline's grain storage with a gate a test can arm: once armed, every job grain's state write waits (so the
/// epoch's snapshot step outlasts <c>Committer:StepTimeout</c>) until a committer reads its state back, which it does
/// only at the start of its next run after a failed one. The writes then go on. Everything else passes through.
/// </summary>
internal sealed class SnapshotGate(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Lock Sync = new();
    private static bool _armed;
    private static TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a job grain's write waits at the armed gate.</summary>
    public static Task Reached => _reached.Task;

    /// <summary>Completes once a committer's read-back released the waiting writes: it ran again after a failure.</summary>
    public static Task Released => _released.Task;

    /// <summary>Arms the gate for the job grains' next writes.</summary>
    public static void Arm()
    {
        lock (Sync)
        {
            _armed = true;
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (typeof(T) == typeof(CommitterState))
        {
            lock (Sync)
            {
                if (_armed && _reached.Task.IsCompleted)
                {
                    _armed = false;
                    _released.TrySetResult();
                }
            }
        }

        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Task? wait = null;
        lock (Sync)
        {
            if (_armed && grainState.State is not CommitterState)
            {
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
