using Kickstarter.Grains.Jobs.Consolidator;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The pipeline's grain storage on one silo, with a gate a test can arm to catch that silo in the middle of a
/// consolidator snapshot: once armed for the silo, every other flight-grain state write there goes through and the
/// rest wait (writes in flight when the silo dies). <see cref="Reached"/> completes once <c>count</c> writes have
/// landed and <c>count</c> are waiting, so the test kills the silo with the snapshot half stored.
/// </summary>
internal sealed class SnapshotKillGate(IGrainStorage inner, SiloAddress silo) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Lock Sync = new();
    private static SiloAddress? _armed;
    private static int _count;
    private static int _arrived;
    private static int _landed;
    private static int _held;
    private static TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static TaskCompletionSource _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the armed silo has stored its first writes of the snapshot and holds a later one.</summary>
    public static Task Reached => _reached.Task;

    /// <summary>Flight-grain writes of the armed snapshot that landed on the armed silo.</summary>
    public static int Landed => Volatile.Read(ref _landed);

    /// <summary>Flight-grain writes of the armed snapshot held on the armed silo (never stored).</summary>
    public static int Held => Volatile.Read(ref _held);

    /// <summary>Arms the gate on <paramref name="victim"/>; <see cref="Reached"/> waits for <paramref name="count"/> of each.</summary>
    public static void Arm(SiloAddress victim, int count)
    {
        lock (Sync)
        {
            _armed = victim;
            _count = count;
            _arrived = 0;
            _landed = 0;
            _held = 0;
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>
    /// Disarms; the writes still waiting fail without being stored (their silo is dead by then, so nothing sees it).
    /// </summary>
    public static void Disarm()
    {
        lock (Sync)
        {
            _armed = null;
            _dropped.TrySetException(new IOException("write dropped: its silo was killed in the middle of the snapshot"));
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Task? wait = null;
        var counted = false;
        lock (Sync)
        {
            if (_armed is { } victim && victim.Equals(silo) && grainState.State is FlightState)
            {
                if (_arrived++ % 2 == 0)
                {
                    counted = true;
                }
                else
                {
                    _held++;
                    wait = _dropped.Task;
                    SignalIfReached();
                }
            }
        }

        if (wait is not null)
        {
            await wait;
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (counted)
        {
            lock (Sync)
            {
                _landed++;
                SignalIfReached();
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    private static void SignalIfReached()
    {
        if (_landed >= _count && _held >= _count)
        {
            _reached.TrySetResult();
        }
    }
}
