using Kickstarter.Connectors.DynamoDB;
using Orleans.Storage;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// The pipeline's grain storage refusing one grain's state as the DynamoDB storage refuses a state above its item
/// limit (the same exception, thrown before anything is written), once a test arms it for a state name.
/// Everything else passes through.
/// </summary>
internal sealed class OversizedStateStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly Lock Sync = new();
    private static string? _armedState;
    private static string? _refused;

    /// <summary>The grain refused, once one was.</summary>
    public static string? Refused
    {
        get
        {
            lock (Sync)
            {
                return _refused;
            }
        }
    }

    /// <summary>From now on, the first grain writing state <paramref name="stateName"/> is refused, and always again.</summary>
    public static void Arm(string stateName)
    {
        lock (Sync)
        {
            _armedState = stateName;
            _refused = null;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (Sync)
        {
            if (stateName == _armedState && (_refused is null || _refused == grainId.ToString()))
            {
                _refused = grainId.ToString();
                throw new GrainStateTooLargeException(grainId.ToString(), stateName, "pipeline", 512_000, 2_000_000, 400 * 1024);
            }
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}
