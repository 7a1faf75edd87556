using Kickstarter.Grains.Epochs.Coordinator;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The pipeline's grain storage with one fault armed by a test: the next write of a committer's state that records a
/// prepared epoch with rows (the prepare write) fails, before or after it is stored. Everything else passes through.
/// </summary>
internal sealed class FaultingCommitterStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Lock Gate = new();
    private static (string Committer, CommitterWriteFault Fault)? _armed;

    /// <summary>The epoch whose prepare write was failed, once the fault has fired.</summary>
    public static long? FailedEpoch { get; private set; }

    /// <summary>Arms the fault for the next prepare write of <paramref name="committer"/>'s state.</summary>
    public static void Arm(string committer, CommitterWriteFault fault)
    {
        lock (Gate)
        {
            _armed = (committer, fault);
            FailedEpoch = null;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!TakeFault(grainId, grainState.State, out var fault, out var epoch))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        if (fault == CommitterWriteFault.LandsThenFails)
        {
            // Stored, but the caller hears only the error: it keeps the ETag it had, as after a lost response.
            var eTag = grainState.ETag;
            await inner.WriteStateAsync(stateName, grainId, grainState);
            grainState.ETag = eTag;
        }

        throw new IOException($"injected: the prepare write of epoch {epoch} for {grainId} failed ({fault})");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    private static bool TakeFault<T>(GrainId grainId, T state, out CommitterWriteFault fault, out long epoch)
    {
        lock (Gate)
        {
            fault = default;
            epoch = 0;
            if (_armed is not { } armed || state is not CommitterState { Pending: { RowCount: > 0 } pending }
                || grainId.Key.ToString() != armed.Committer)
            {
                return false;
            }

            _armed = null;
            fault = armed.Fault;
            epoch = pending.Epoch;
            FailedEpoch = epoch;
            return true;
        }
    }
}
