using Kickstarter.Grains.Epochs.Coordinator;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The pipeline's grain storage with faults armed by a test: the next write of a committer's state that records a
/// prepared epoch with rows (the prepare write) fails, before or after it is stored; or, in one cluster (by service
/// id), every write of one grain state (say <c>flight</c>) fails until disarmed. Everything else passes through.
/// </summary>
internal sealed class FaultingCommitterStorage(IGrainStorage inner, string serviceId = "")
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// The test collection of every test that arms these faults: the committer fault is armed by committer name, which
    /// every cluster in the process shares, so such tests must not run at the same time.
    /// </summary>
    public const string Collection = "faulting pipeline storage";

    private static readonly Lock Gate = new();
    private static (string Committer, CommitterWriteFault Fault)? _armed;
    private static readonly Dictionary<string, (string StateName, CommitterWriteFault Fault)> ArmedGrainWrites = [];
    private static readonly Dictionary<string, int> FailedGrainWriteCounts = [];

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

    /// <summary>Every write of state <paramref name="stateName"/> in cluster <paramref name="serviceId"/> fails until disarmed.</summary>
    public static void ArmGrainWrites(string serviceId, string stateName, CommitterWriteFault fault)
    {
        lock (Gate)
        {
            ArmedGrainWrites[serviceId] = (stateName, fault);
            FailedGrainWriteCounts[serviceId] = 0;
        }
    }

    /// <summary>Lets the writes of cluster <paramref name="serviceId"/> through again.</summary>
    public static void DisarmGrainWrites(string serviceId)
    {
        lock (Gate)
        {
            ArmedGrainWrites.Remove(serviceId);
        }
    }

    /// <summary>Grain writes failed in cluster <paramref name="serviceId"/> since it was armed.</summary>
    public static int FailedGrainWrites(string serviceId)
    {
        lock (Gate)
        {
            return FailedGrainWriteCounts.GetValueOrDefault(serviceId);
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (TakeGrainWriteFault(stateName, out var grainFault))
        {
            await FailAsync(stateName, grainId, grainState, grainFault, $"the write of {stateName} state for {grainId}");
        }

        if (!TakeFault(grainId, grainState.State, out var fault, out var epoch))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        await FailAsync(stateName, grainId, grainState, fault, $"the prepare write of epoch {epoch} for {grainId}");
    }

    /// <summary>Stores the write first when the fault says it lands; always throws.</summary>
    private async Task FailAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CommitterWriteFault fault, string what)
    {

        if (fault == CommitterWriteFault.LandsThenFails)
        {
            // Stored, but the caller hears only the error: it keeps the ETag it had, as after a lost response.
            var eTag = grainState.ETag;
            await inner.WriteStateAsync(stateName, grainId, grainState);
            grainState.ETag = eTag;
        }

        throw new IOException($"injected: {what} failed ({fault})");
    }

    private bool TakeGrainWriteFault(string stateName, out CommitterWriteFault fault)
    {
        lock (Gate)
        {
            fault = default;
            if (!ArmedGrainWrites.TryGetValue(serviceId, out var armed) || armed.StateName != stateName)
            {
                return false;
            }

            fault = armed.Fault;
            FailedGrainWriteCounts[serviceId] = FailedGrainWriteCounts.GetValueOrDefault(serviceId) + 1;
            return true;
        }
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
